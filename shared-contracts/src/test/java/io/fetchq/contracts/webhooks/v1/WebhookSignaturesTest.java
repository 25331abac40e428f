package io.fetchq.contracts.webhooks.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignaturesTest {

  // The example published with the Standard Webhooks specification (and its reference libraries).
  private static final WebhookSigningSecret SPEC_SECRET =
      WebhookSigningSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long SPEC_TIMESTAMP = 1614265330L;
  private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void reproducesTheSpecificationsExampleSignature() {
    assertThat(WebhookSignatures.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, List.of(SPEC_SECRET)))
        .isEqualTo(SPEC_SIGNATURE);
  }

  @Test
  void matchesAnIndependentHmacOfTheSpecsFormulaForRandomInputs() throws Exception {
    SplittableRandom random = new SplittableRandom(2026);
    for (int i = 0; i < 200; i++) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      byte[] body = new byte[random.nextInt(0, 2000)];
      random.nextBytes(body);
      String id = "evt_" + Long.toHexString(random.nextLong());
      long timestamp = random.nextLong(0, 4_000_000_000L);
      WebhookSigningSecret secret =
          WebhookSigningSecret.parse("whsec_" + Base64.getEncoder().encodeToString(key));

      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] signedContent =
          concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
      String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signedContent));

      assertThat(WebhookSignatures.sign(id, timestamp, body, List.of(secret))).isEqualTo(expected);
    }
  }

  @Test
  void signsWithEverySecretSpaceSeparatedAndEitherVerifies() {
    WebhookSigningSecret next = secret(7);
    Instant now = Instant.ofEpochSecond(SPEC_TIMESTAMP);

    String header =
        WebhookSignatures.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, List.of(next, SPEC_SECRET));

    assertThat(header.split(" ")).hasSize(2).endsWith(SPEC_SIGNATURE);
    assertThat(verify(header, next, now)).isTrue();
    assertThat(verify(header, SPEC_SECRET, now)).isTrue();
    assertThat(verify(header, secret(8), now)).isFalse();
  }

  @Test
  void verifyRefusesATamperedBodyAStaleTimestampAndOtherVersions() {
    Instant now = Instant.ofEpochSecond(SPEC_TIMESTAMP);

    assertThat(verify(SPEC_SIGNATURE, SPEC_SECRET, now)).isTrue();
    assertThat(
            WebhookSignatures.verify(
                SPEC_ID,
                SPEC_TIMESTAMP,
                "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8),
                SPEC_SIGNATURE,
                SPEC_SECRET,
                now,
                WebhookSignatures.DEFAULT_TOLERANCE))
        .isFalse();
    assertThat(verify(SPEC_SIGNATURE, SPEC_SECRET, now.plus(Duration.ofMinutes(6)))).isFalse();
    assertThat(verify(SPEC_SIGNATURE, SPEC_SECRET, now.minus(Duration.ofMinutes(6)))).isFalse();
    assertThat(verify(SPEC_SIGNATURE.replace("v1,", "v2,"), SPEC_SECRET, now)).isFalse();
    assertThat(verify("v1,not-base64!", SPEC_SECRET, now)).isFalse();
    assertThat(verify("garbage " + SPEC_SIGNATURE, SPEC_SECRET, now)).isTrue();
    assertThat(verify(null, SPEC_SECRET, now)).isFalse();
  }

  @Test
  void refusesAnIdThatWouldMakeTheSignedContentAmbiguous() {
    assertThatThrownBy(() -> WebhookSignatures.sign("a.b", 1, SPEC_BODY, List.of(SPEC_SECRET)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookSignatures.sign("", 1, SPEC_BODY, List.of(SPEC_SECRET)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookSignatures.sign("id", 1, SPEC_BODY, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", // no prefix
        "whsec_", // no key
        "whsec_not base64!",
        "whsec_AAAA", // 3 bytes: too short
        "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
      })
  void refusesMalformedSecrets(String secret) {
    assertThatThrownBy(() -> WebhookSigningSecret.parse(secret))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSecretNeverShowsItsKey() {
    assertThat(SPEC_SECRET.toString()).isEqualTo("whsec_***");
    assertThat(SPEC_SECRET)
        .isEqualTo(WebhookSigningSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        .hasSameHashCodeAs(WebhookSigningSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        .isNotEqualTo(secret(1))
        .isNotEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  }

  private static boolean verify(String header, WebhookSigningSecret secret, Instant now) {
    return WebhookSignatures.verify(
        SPEC_ID,
        SPEC_TIMESTAMP,
        SPEC_BODY,
        header,
        secret,
        now,
        WebhookSignatures.DEFAULT_TOLERANCE);
  }

  private static WebhookSigningSecret secret(int seed) {
    byte[] key = new byte[32];
    new SplittableRandom(seed).nextBytes(key);
    return WebhookSigningSecret.parse("whsec_" + Base64.getEncoder().encodeToString(key));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = new byte[a.length + b.length];
    System.arraycopy(a, 0, joined, 0, a.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
