package io.fetchq.api.idempotency.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyDomainTest {

  private static final TenantId TENANT =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000001"));
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "8e03978e-40d5-43e8-bc93-6894a57f9324",
        "!\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~",
        "\"quoted-per-the-draft\"",
        "Order_42"
      })
  void acceptsPrintableAsciiKeys(String raw) {
    assertThat(IdempotencyKey.violation(raw)).isEmpty();
    assertThat(new IdempotencyKey(raw).value()).isEqualTo(raw);
  }

  @Test
  void acceptsAKeyOfExactly255Characters() {
    assertThat(new IdempotencyKey("k".repeat(255)).value()).hasSize(255);
  }

  static Stream<Arguments> invalidKeys() {
    return Stream.of(
        Arguments.of("", "must not be empty"),
        Arguments.of("k".repeat(256), "at most 255 characters long; it has 256"),
        Arguments.of("has space", "index 3"),
        Arguments.of(" ", "index 0"),
        Arguments.of("tab\there", "index 3"),
        Arguments.of("line\nbreak", "index 4"),
        Arguments.of("del\u007f", "index 3"),
        Arguments.of("caf\u00e9", "index 3"),
        Arguments.of("nul\u0000", "index 3"),
        Arguments.of("emoji\ud83d\ude00", "index 5"));
  }

  @ParameterizedTest
  @MethodSource("invalidKeys")
  void refusesKeysThatAreNotPrintableAsciiOrTooLong(String raw, String reason) {
    assertThat(IdempotencyKey.violation(raw))
        .hasValueSatisfying(v -> assertThat(v).contains(reason));
    assertThatThrownBy(() -> new IdempotencyKey(raw))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Idempotency-Key ");
  }

  @Test
  void refusesANullKey() {
    assertThat(IdempotencyKey.violation(null)).hasValue("must not be empty");
  }

  @Test
  void fingerprintsDependOnTheResourceAndTheCanonicalRequest() {
    RequestFingerprint job = RequestFingerprint.of(IdempotentResource.JOB, "{\"url\":\"x\"}");

    assertThat(job).isEqualTo(RequestFingerprint.of(IdempotentResource.JOB, "{\"url\":\"x\"}"));
    assertThat(job)
        .isNotEqualTo(RequestFingerprint.of(IdempotentResource.BATCH, "{\"url\":\"x\"}"));
    assertThat(job).isNotEqualTo(RequestFingerprint.of(IdempotentResource.JOB, "{\"url\":\"y\"}"));
    assertThat(job.sha256Hex()).hasSize(64);
    assertThat(RequestFingerprint.fromBytes(job.bytes())).isEqualTo(job);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "abc", "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789"})
  void refusesMalformedFingerprints(String hex) {
    assertThatThrownBy(() -> new RequestFingerprint(hex))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resourcesRoundTripTheirStoredNames() {
    for (IdempotentResource resource : IdempotentResource.values()) {
      assertThat(IdempotentResource.fromWireName(resource.wireName())).isEqualTo(resource);
    }
    assertThatThrownBy(() -> IdempotentResource.fromWireName("tenant"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRecordExpiresAtItsExpiryAndKnowsItsRequest() {
    IdempotentRequest request = request("a", IdempotentResource.JOB);
    IdempotencyRecord record = IdempotencyRecord.claim(TENANT, request, T0, T0.plusSeconds(60));

    assertThat(record.resourceId()).isNull();
    assertThat(record.expiredAt(T0.plusSeconds(59))).isFalse();
    assertThat(record.expiredAt(T0.plusSeconds(60))).isTrue();
    assertThat(record.sameRequestAs(request)).isTrue();
    assertThat(record.sameRequestAs(request("b", IdempotentResource.JOB))).isFalse();
    assertThat(
            record.sameRequestAs(
                new IdempotentRequest(
                    request.key(), IdempotentResource.BATCH, request.fingerprint())))
        .isFalse();
    assertThatThrownBy(() -> IdempotencyRecord.claim(TENANT, request, T0, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static IdempotentRequest request(String body, IdempotentResource resource) {
    return new IdempotentRequest(
        new IdempotencyKey("k"), resource, RequestFingerprint.of(resource, body));
  }
}
