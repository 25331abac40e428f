package io.fetchq.api.tenants.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ApiKeySecret (the key), ApiKeyHash (what is stored) and ApiKey (the stored record). */
class ApiKeyTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final TenantId ACME =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000001"));
  private static final ApiKeyId ID =
      new ApiKeyId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000aa"));

  private final SecureRandom random = new SecureRandom();

  @Test
  void generatesPrefixedBase64UrlKeysOf256Bits() {
    ApiKeySecret key = ApiKeySecret.generate(random);

    assertThat(key.value()).startsWith("fq_").hasSize(46).matches("fq_[A-Za-z0-9_-]{43}");
    assertThat(Base64.getUrlDecoder().decode(key.value().substring(3))).hasSize(32);
    assertThat(key.toString()).isEqualTo("fq_***");
  }

  @Test
  void neverGeneratesTheSameKeyTwice() {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      keys.add(ApiKeySecret.generate(random).value());
    }
    assertThat(keys).hasSize(1000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "fq_",
        "test-admin-key",
        "fq_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "fq_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "fq_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "fq_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
        "FQ_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "xx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
      })
  void parsesOnlyWhatHasTheFormOfAKey(String value) {
    assertThat(ApiKeySecret.parse(value)).isEmpty();
    assertThatThrownBy(() -> new ApiKeySecret(value)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesAWellFormedKey() {
    String value = "fq_rEAc_650sVsB-sxNe6UmgooluJA29U_sIzIcEMMWM_o";

    assertThat(ApiKeySecret.parse(value)).contains(new ApiKeySecret(value));
    assertThat(ApiKeySecret.parse(null)).isEmpty();
  }

  @Test
  void hashesTheKeyWithSha256() throws Exception {
    ApiKeySecret key = ApiKeySecret.generate(random);
    byte[] expected =
        MessageDigest.getInstance("SHA-256").digest(key.value().getBytes(StandardCharsets.UTF_8));

    assertThat(key.hash().digest()).isEqualTo(expected);
    assertThat(key.hash())
        .isEqualTo(new ApiKeyHash(expected))
        .hasSameHashCodeAs(new ApiKeyHash(expected));
    assertThat(key.hash().matches(new ApiKeyHash(expected))).isTrue();
    assertThat(key.hash().matches(ApiKeyHash.of(key.value() + "x"))).isFalse();
    assertThat(key.hash().matches(null)).isFalse();
    assertThat(key.hash()).isNotEqualTo(ApiKeyHash.of("other")).isNotEqualTo("digest");
    assertThat(key.hash().toString()).doesNotContain(key.value());
  }

  @Test
  void keepsItsDigestToItself() {
    byte[] digest = ApiKeyHash.of("k").digest();
    ApiKeyHash hash = new ApiKeyHash(digest);

    digest[0]++;
    hash.digest()[1]++;

    assertThat(hash).isEqualTo(ApiKeyHash.of("k"));
    assertThatThrownBy(() -> new ApiKeyHash(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void issuesAnActiveKeyWhoseCallerIsItsTenantWithItsScopes() {
    ApiKey key =
        ApiKey.issue(ID, ACME, ApiKeyHash.of("k"), Set.of(Scope.JOBS_WRITE, Scope.JOBS_READ), NOW);

    assertThat(key.isActive()).isTrue();
    assertThat(key.revokedAt()).isNull();
    assertThat(key.scopes()).containsExactly(Scope.JOBS_READ, Scope.JOBS_WRITE);
    assertThat(key.principal())
        .isEqualTo(new ApiPrincipal(ACME, Set.of(Scope.JOBS_READ, Scope.JOBS_WRITE), ID));
    assertThatThrownBy(() -> key.scopes().add(Scope.ADMIN))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aRevokedKeyIsNotActive() {
    ApiKey revoked =
        new ApiKey(ID, ACME, ApiKeyHash.of("k"), Set.of(Scope.JOBS_READ), NOW, NOW.plusSeconds(1));

    assertThat(revoked.isActive()).isFalse();
    assertThatThrownBy(
            () ->
                new ApiKey(
                    ID, ACME, ApiKeyHash.of("k"), Set.of(Scope.JOBS_READ), NOW, NOW.minusMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void grantsAdminOnlyToTheSystemTenant() {
    assertThat(ApiKey.scopeViolation(TenantId.SYSTEM, Set.of(Scope.ADMIN))).isEmpty();
    assertThat(ApiKey.scopeViolation(ACME, Set.of(Scope.JOBS_READ))).isEmpty();
    assertThat(ApiKey.scopeViolation(ACME, Set.of(Scope.ADMIN))).isPresent();
    assertThat(ApiKey.scopeViolation(ACME, Set.of())).isPresent();
    assertThatThrownBy(() -> ApiKey.issue(ID, ACME, ApiKeyHash.of("k"), Set.of(Scope.ADMIN), NOW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiKey.issue(ID, ACME, ApiKeyHash.of("k"), Set.of(), NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void idsPrintAsUuids() {
    assertThat(ID).hasToString("0190f5c2-0000-7000-8000-0000000000aa");
  }
}
