package io.fetchq.api.idempotency.web;

import io.fetchq.api.idempotency.domain.IdempotencyKey;
import io.fetchq.api.idempotency.domain.IdempotentRequest;
import io.fetchq.api.idempotency.domain.IdempotentResource;
import io.fetchq.api.idempotency.domain.RequestFingerprint;
import io.fetchq.api.web.ProblemException;
import io.fetchq.api.web.ProblemType;
import java.util.Optional;

/**
 * The {@code Idempotency-Key} request header and the {@code Idempotent-Replayed} response header,
 * for every endpoint that accepts the key. A controller takes the header as a plain {@code String}
 * ({@code @RequestHeader(name = NAME, required = false)}): a key sent on two field lines then reads
 * as their comma-joined value, which is what HTTP says two lines mean (RFC 9110, section 5.3).
 */
public final class IdempotencyKeyHeader {

  /** The request header. */
  public static final String NAME = "Idempotency-Key";

  /** The response header set to {@code true} on a replayed answer (as Stripe does). */
  public static final String REPLAYED = "Idempotent-Replayed";

  /** The OpenAPI description of the request header. */
  public static final String DESCRIPTION =
      "Makes the submission safe to retry (IETF draft-ietf-httpapi-idempotency-key-header)."
          + " 1 to 255 printable ASCII characters other than space (0x21-0x7E), compared exactly;"
          + " a UUID is a good choice. Scoped to the tenant and kept for at least 24 hours from"
          + " its first use. The same key with the same request answers the original resource"
          + " again with 200 and `Idempotent-Replayed: true` (same Location). The same key with a"
          + " different request answers 422 (idempotency-key-reused); while the first request"
          + " with the key is still being processed, another answers 409"
          + " (idempotency-key-in-flight): retry it. Requests are the same when their parsed JSON"
          + " is: member order, whitespace, string escapes and number spelling (2 or 2.0) do not"
          + " matter, explicit null equals absent, but defaults are not applied (a member sent"
          + " with its default value differs from one left out). A request refused before it is"
          + " processed (400, 413, 415, 422, 429) or that fails (5xx) does not use the key up."
          + " A malformed key answers 400 (invalid-idempotency-key) and changes nothing.";

  private IdempotencyKeyHeader() {}

  /**
   * The idempotent request {@code header} makes of {@code request}, or empty when the header is
   * absent.
   *
   * @param header the header value, or null when absent
   * @param resource what the endpoint creates
   * @param request the parsed request body, fingerprinted canonically ({@link CanonicalJson})
   * @throws ProblemException 400 invalid-idempotency-key if the value is not a valid key
   */
  public static Optional<IdempotentRequest> read(
      String header, IdempotentResource resource, Object request) {
    if (header == null) {
      return Optional.empty();
    }
    IdempotencyKey.violation(header)
        .ifPresent(
            problem -> {
              throw new ProblemException(
                  ProblemType.INVALID_IDEMPOTENCY_KEY, NAME + " " + problem + ".");
            });
    return Optional.of(
        new IdempotentRequest(
            new IdempotencyKey(header),
            resource,
            RequestFingerprint.of(resource, CanonicalJson.of(request))));
  }

  /** 422 idempotency-key-reused: the key was first used with a different request. */
  public static ProblemException keyReused() {
    return new ProblemException(
        ProblemType.IDEMPOTENCY_KEY_REUSED,
        "This "
            + NAME
            + " was already used with a different request. Send a new key for a new request.");
  }

  /** 409 idempotency-key-in-flight: the first request with the key is still being processed. */
  public static ProblemException keyInFlight() {
    return new ProblemException(
        ProblemType.IDEMPOTENCY_KEY_IN_FLIGHT,
        "A request with this "
            + NAME
            + " is still being processed. Retry once it has completed to get its answer.");
  }
}
