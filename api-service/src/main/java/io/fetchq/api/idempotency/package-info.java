/**
 * {@code Idempotency-Key} for submissions (API.md "Jobs" and "Batches"): the same key with the same
 * request replays the original resource, a different request with that key is refused, and a
 * request racing one still in flight is told so. Reusable by any submission endpoint.
 */
package io.fetchq.api.idempotency;
