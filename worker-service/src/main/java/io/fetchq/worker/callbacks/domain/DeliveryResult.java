package io.fetchq.worker.callbacks.domain;

import java.util.Objects;

/** What one POST of a webhook produced. */
public sealed interface DeliveryResult {

  /** The receiver answered with {@code statusCode} (any code, including 3xx: never followed). */
  record Answered(int statusCode) implements DeliveryResult {

    public Answered {
      if (statusCode < 100 || statusCode > 999) {
        throw new IllegalArgumentException("not an HTTP status: " + statusCode);
      }
    }
  }

  /** No answer: {@code error} is one of the {@code *_ERROR} constants of {@link DeliveryError}. */
  record NoAnswer(DeliveryError error, String detail) implements DeliveryResult {

    public NoAnswer {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
