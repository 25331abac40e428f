package io.fetchq.worker.callbacks.domain;

import io.fetchq.contracts.webhooks.v1.WebhookSigningSecret;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A tenant's webhook secrets as stored: the current one and, for {@link
 * WebhookSigningSecret#ROTATION_OVERLAP} after a rotation, the one it replaced. {@link #toString()}
 * shows no secret.
 *
 * @param current the current {@code whsec_} secret
 * @param previous the replaced secret, null when never rotated
 * @param rotatedAt when {@code previous} was replaced, null exactly when {@code previous} is
 */
public record SigningKeys(
    WebhookSigningSecret current, WebhookSigningSecret previous, Instant rotatedAt) {

  public SigningKeys {
    Objects.requireNonNull(current, "current");
    if ((previous == null) != (rotatedAt == null)) {
      throw new IllegalArgumentException("previous secret and rotation time go together");
    }
  }

  /**
   * The secrets that sign a delivery sent at {@code now}: the current one, then the previous one
   * while {@code now} is before {@code rotatedAt + ROTATION_OVERLAP}.
   */
  public List<WebhookSigningSecret> signingAt(Instant now) {
    if (previous != null && now.isBefore(rotatedAt.plus(WebhookSigningSecret.ROTATION_OVERLAP))) {
      return List.of(current, previous);
    }
    return List.of(current);
  }
}
