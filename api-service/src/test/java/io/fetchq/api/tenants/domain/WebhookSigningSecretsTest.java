package io.fetchq.api.tenants.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSigningSecretsTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant ROTATED = Instant.parse("2026-12-04T10:00:00Z");

  private final WebhookSecret first = WebhookSecret.generate(RANDOM);
  private final WebhookSecret second = WebhookSecret.generate(RANDOM);
  private final WebhookSecret third = WebhookSecret.generate(RANDOM);

  @Test
  void neverRotatedSignsWithTheCurrentSecretOnly() {
    WebhookSigningSecrets secrets = WebhookSigningSecrets.of(first);

    assertThat(secrets.signingAt(ROTATED)).containsExactly(first);
    assertThat(secrets.previousExpiresAt()).isNull();
  }

  @Test
  void bothSignForTwentyFourHoursAfterARotationThenOnlyTheNewOne() {
    WebhookSigningSecrets rotated = WebhookSigningSecrets.of(first).rotate(second, ROTATED);

    assertThat(rotated.previousExpiresAt()).isEqualTo(ROTATED.plus(Duration.ofHours(24)));
    assertThat(rotated.signingAt(ROTATED)).containsExactly(second, first);
    assertThat(rotated.signingAt(ROTATED.plus(Duration.ofHours(24)).minusMillis(1)))
        .containsExactly(second, first);
    assertThat(rotated.signingAt(ROTATED.plus(Duration.ofHours(24)))).containsExactly(second);
  }

  @Test
  void aSecondRotationMakesTheFirstRotationsSecretThePreviousOne() {
    WebhookSigningSecrets twice =
        WebhookSigningSecrets.of(first)
            .rotate(second, ROTATED)
            .rotate(third, ROTATED.plusSeconds(60));

    assertThat(twice.signingAt(ROTATED.plusSeconds(61))).containsExactly(third, second);
    assertThat(twice.rotatedAt()).isEqualTo(ROTATED.plusSeconds(60));
  }

  @Test
  void refusesInconsistentState() {
    assertThatThrownBy(() -> new WebhookSigningSecrets(first, second, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WebhookSigningSecrets(first, null, ROTATED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WebhookSigningSecrets(first, first, ROTATED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookSigningSecrets.of(first).rotate(second, null))
        .isInstanceOf(NullPointerException.class);
  }
}
