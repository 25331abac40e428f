package io.fetchq.worker.callbacks.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.fetchq.contracts.webhooks.v1.WebhookSignatures;
import io.fetchq.contracts.webhooks.v1.WebhookSigningSecret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {

  static final String CURRENT = "whsec_" + base64("current-secret-32-bytes-long!!!!");
  static final String PREVIOUS = "whsec_" + base64("previous-secret-32-bytes-long!!!");
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final byte[] BODY =
      "{\"type\":\"job.completed\",\"data\":{\"id\":\"x\"}}".getBytes(StandardCharsets.UTF_8);
  private static final EventId ID =
      new EventId(UUID.fromString("0f0e1b2c-3d4e-5f60-7182-93a4b5c6d7e8"));

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static ClaimedDelivery delivery(SigningKeys keys) {
    return new ClaimedDelivery(
        ID, UUID.randomUUID(), 1, "http://h/x", BODY, "job.completed", NOW, keys);
  }

  private static SigningKeys rotated(Duration ago) {
    return new SigningKeys(
        WebhookSigningSecret.parse(CURRENT), WebhookSigningSecret.parse(PREVIOUS), NOW.minus(ago));
  }

  /** The spec's formula, independently of WebhookSignatures. */
  static String hmac(String secret, String id, long timestamp, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
  }

  @Test
  void carriesTheStandardWebhooksHeadersAndTheBodyUnchanged() throws Exception {
    WebhookRequest request =
        WebhookRequest.signed(
            delivery(new SigningKeys(WebhookSigningSecret.parse(CURRENT), null, null)), NOW);

    assertThat(request.body()).isSameAs(BODY);
    assertThat(request.headers())
        .containsEntry("content-type", "application/json")
        .containsEntry("webhook-id", ID.toString())
        .containsEntry("webhook-timestamp", Long.toString(NOW.getEpochSecond()))
        .containsEntry(
            "webhook-signature", hmac(CURRENT, ID.toString(), NOW.getEpochSecond(), BODY));
    assertThat(request.toString()).doesNotContain("whsec_").doesNotContain("job.completed");
  }

  @Test
  void signsWithBothSecretsDuringTheRotationOverlap() throws Exception {
    String header =
        WebhookRequest.signed(delivery(rotated(Duration.ofHours(1))), NOW)
            .headers()
            .get("webhook-signature");

    String[] signatures = header.split(" ");
    assertThat(signatures)
        .containsExactly(
            hmac(CURRENT, ID.toString(), NOW.getEpochSecond(), BODY),
            hmac(PREVIOUS, ID.toString(), NOW.getEpochSecond(), BODY));
    for (String secret : new String[] {CURRENT, PREVIOUS}) {
      assertThat(
              WebhookSignatures.verify(
                  ID.toString(),
                  NOW.getEpochSecond(),
                  BODY,
                  header,
                  WebhookSigningSecret.parse(secret),
                  NOW,
                  WebhookSignatures.DEFAULT_TOLERANCE))
          .isTrue();
    }
  }

  @Test
  void theRotationWindowEndsExactlyTwentyFourHoursAfterTheRotation() {
    Duration overlap = WebhookSigningSecret.ROTATION_OVERLAP;

    assertThat(rotated(overlap.minusNanos(1)).signingAt(NOW)).hasSize(2);
    assertThat(rotated(overlap).signingAt(NOW)).hasSize(1);
    assertThat(rotated(Duration.ofHours(25)).signingAt(NOW))
        .containsExactly(WebhookSigningSecret.parse(CURRENT));
    assertThat(rotated(Duration.ZERO).signingAt(NOW))
        .containsExactly(WebhookSigningSecret.parse(CURRENT), WebhookSigningSecret.parse(PREVIOUS));
  }

  @Test
  void aPreviousSecretNeedsItsRotationTime() {
    WebhookSigningSecret secret = WebhookSigningSecret.parse(CURRENT);

    assertThatIllegalArgumentException().isThrownBy(() -> new SigningKeys(secret, secret, null));
    assertThatIllegalArgumentException().isThrownBy(() -> new SigningKeys(secret, null, NOW));
    assertThat(new SigningKeys(secret, null, null).signingAt(NOW)).containsExactly(secret);
  }

  @Test
  void claimedDeliveryChecksItsAttempt() {
    SigningKeys keys = new SigningKeys(WebhookSigningSecret.parse(CURRENT), null, null);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ClaimedDelivery(ID, UUID.randomUUID(), 0, "u", BODY, "t", NOW, keys));
    assertThatIllegalArgumentException().isThrownBy(() -> new DeliveryResult.Answered(42));
  }
}
