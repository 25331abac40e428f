package io.fetchq.worker.fetch.domain;

import java.util.Objects;

/**
 * An attempt that produced no final response.
 *
 * @param type the classification
 * @param message a short human-readable reason; never contains header values or bodies
 */
public record FetchError(ErrorType type, String message) implements FetchResult {

  /** Longest message kept. */
  public static final int MAX_MESSAGE_LENGTH = 500;

  public FetchError {
    Objects.requireNonNull(type, "type");
    message = sanitize(message);
  }

  private static String sanitize(String message) {
    if (message == null || message.isBlank()) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(message.length(), MAX_MESSAGE_LENGTH));
    for (int i = 0; i < message.length() && out.length() < MAX_MESSAGE_LENGTH; i++) {
      char c = message.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    return out.toString().strip();
  }
}
