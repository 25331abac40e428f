package io.fetchq.api.tenants.domain;

import io.fetchq.contracts.webhooks.v1.WebhookSigningSecret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tenant's webhook secrets: the current one and, after a rotation, the one it replaced, which
 * keeps signing next to it for {@link #OVERLAP} (API.md: "for 24 h both signatures are sent").
 *
 * @param current the secret that signs every delivery
 * @param previous the secret replaced by the last rotation; null if never rotated
 * @param rotatedAt when the last rotation happened; null exactly when {@code previous} is
 */
public record WebhookSigningSecrets(
    WebhookSecret current, WebhookSecret previous, Instant rotatedAt) {

  /** How long a replaced secret keeps signing. */
  public static final Duration OVERLAP = WebhookSigningSecret.ROTATION_OVERLAP;

  public WebhookSigningSecrets {
    Objects.requireNonNull(current, "current");
    if ((previous == null) != (rotatedAt == null)) {
      throw new IllegalArgumentException("previous and rotatedAt are both set or both null");
    }
    if (current.equals(previous)) {
      throw new IllegalArgumentException("a rotation replaces the secret by another one");
    }
  }

  /** Secrets never rotated. */
  public static WebhookSigningSecrets of(WebhookSecret current) {
    return new WebhookSigningSecrets(current, null, null);
  }

  /** The secrets after {@code next} replaces the current one at {@code now}. */
  public WebhookSigningSecrets rotate(WebhookSecret next, Instant now) {
    return new WebhookSigningSecrets(next, current, Objects.requireNonNull(now, "now"));
  }

  /** When the previous secret stops signing; null if there is none. */
  public Instant previousExpiresAt() {
    return rotatedAt == null ? null : rotatedAt.plus(OVERLAP);
  }

  /** The secrets that sign a delivery made at {@code now}: the current one first. */
  public List<WebhookSecret> signingAt(Instant now) {
    return previous != null && now.isBefore(previousExpiresAt())
        ? List.of(current, previous)
        : List.of(current);
  }
}
