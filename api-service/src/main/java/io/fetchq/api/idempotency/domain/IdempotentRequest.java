package io.fetchq.api.idempotency.domain;

import java.util.Objects;

/**
 * A submission that carries an idempotency key.
 *
 * @param key the client's key
 * @param resource what the submission creates
 * @param fingerprint the canonical request, to tell a retry from a different request with that key
 */
public record IdempotentRequest(
    IdempotencyKey key, IdempotentResource resource, RequestFingerprint fingerprint) {

  public IdempotentRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }
}
