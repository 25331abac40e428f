/** Idempotency keys, request fingerprints and stored key records. No Spring, no JPA, no Jackson. */
package io.fetchq.api.idempotency.domain;
