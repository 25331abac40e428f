package io.fetchq.worker.fetch.domain;

import java.util.Set;

/**
 * Which attempt results may succeed when tried again: connection errors, timeouts and the HTTP
 * statuses 408, 425, 429, 500, 502, 503 and 504. Everything else is final.
 */
public final class Retryability {

  /** The HTTP status codes worth another attempt. */
  public static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 425, 429, 500, 502, 503, 504);

  private Retryability() {}

  /** Whether another attempt may produce a different result. */
  public static boolean isRetryable(FetchResult result) {
    return switch (result) {
      case FetchResponse response -> isRetryableStatus(response.statusCode());
      case FetchError error -> error.type().retryable();
    };
  }

  /** Whether an HTTP status code is worth another attempt. */
  public static boolean isRetryableStatus(int statusCode) {
    return RETRYABLE_STATUSES.contains(statusCode);
  }
}
