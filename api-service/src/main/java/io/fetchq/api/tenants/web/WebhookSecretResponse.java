package io.fetchq.api.tenants.web;

import io.fetchq.api.tenants.domain.WebhookSigningSecrets;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * The tenant's new webhook secret, shown this once.
 *
 * @param webhookSecret the new secret; every delivery from now on is signed with it
 * @param previousSecretExpiresAt until when deliveries also carry the replaced secret's signature
 */
public record WebhookSecretResponse(
    @Schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo=") String webhookSecret,
    Instant previousSecretExpiresAt) {

  static WebhookSecretResponse of(WebhookSigningSecrets secrets) {
    return new WebhookSecretResponse(secrets.current().value(), secrets.previousExpiresAt());
  }
}
