package io.fetchq.api.tenants.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** TenantName, RateLimit, WebhookSecret and Tenant refuse what they cannot be. */
class TenantValuesTest {

  @ParameterizedTest
  @ValueSource(strings = {"acme", "a", "0", "acme-corp", "a1-b2-c3", "system"})
  void acceptsDnsLabelNames(String name) {
    assertThat(new TenantName(name).value()).isEqualTo(name);
    assertThat(new TenantName(name)).hasToString(name);
  }

  @Test
  void acceptsNamesUpTo63Characters() {
    assertThat(new TenantName("a".repeat(63)).value()).hasSize(63);
    assertThatThrownBy(() -> new TenantName("a".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Acme", "-acme", "acme-", "ac me", "acme_corp", "acmé", "acme\n"})
  void refusesOtherNames(String name) {
    assertThatThrownBy(() -> new TenantName(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lowercase");
  }

  @ParameterizedTest
  @CsvSource({"1,1", "100,200", "100000,1000000", "5,5"})
  void acceptsRateLimitsInRange(int perSecond, int burst) {
    RateLimit limit = new RateLimit(perSecond, burst);

    assertThat(limit.perSecond()).isEqualTo(perSecond);
    assertThat(limit.burst()).isEqualTo(burst);
  }

  @ParameterizedTest
  @CsvSource({"0,1", "-1,1", "100001,200000", "100,99", "1,0", "1,1000001"})
  void refusesRateLimitsOutOfRange(int perSecond, int burst) {
    assertThatThrownBy(() -> new RateLimit(perSecond, burst))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultsToTheExampleOfTheContract() {
    assertThat(RateLimit.DEFAULT).isEqualTo(new RateLimit(100, 200));
  }

  @Test
  void generatesWebhookSecretsOf32RandomBytes() {
    SecureRandom random = new SecureRandom();
    WebhookSecret secret = WebhookSecret.generate(random);

    assertThat(secret.value()).startsWith("whsec_").hasSize(6 + 44);
    assertThat(Base64.getDecoder().decode(secret.value().substring(6))).isEqualTo(secret.key());
    assertThat(secret.key()).hasSize(32);
    assertThat(secret).isNotEqualTo(WebhookSecret.generate(random));
    assertThat(secret.toString()).doesNotContain(secret.value().substring(6));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "whsec_",
        "whsec_!!!!",
        "whsec_AAAA",
        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYqrTw==",
        "whsec_pbYUC1W85YVvZKPbgswkd726IhuXyiU7pNmXhzyNOZwAAAA="
      })
  void refusesMalformedWebhookSecrets(String value) {
    assertThatThrownBy(() -> new WebhookSecret(value)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsAStoredWebhookSecret() {
    assertThat(new WebhookSecret("whsec_pbYUC1W85YVvZKPbgswkd726IhuXyiU7pNmXhzyNOZw=").key())
        .hasSize(32);
  }

  @Test
  void aTenantHasEveryPart() {
    WebhookSecret secret = WebhookSecret.generate(new SecureRandom());
    Instant now = Instant.parse("2026-11-22T10:00:00Z");
    TenantName name = new TenantName("acme");

    assertThatThrownBy(() -> new Tenant(null, name, RateLimit.DEFAULT, secret, now))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Tenant(TenantId.SYSTEM, name, null, secret, now))
        .isInstanceOf(NullPointerException.class);
    assertThat(new Tenant(TenantId.SYSTEM, name, RateLimit.DEFAULT, secret, now).name())
        .isEqualTo(name);
  }
}
