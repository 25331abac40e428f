/** Running a submission at most once per idempotency key, and purging expired keys; their port. */
package io.fetchq.api.idempotency.usecase;
