package io.fetchq.api.idempotency.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.idempotency.domain.IdempotentResource;
import io.fetchq.api.web.ProblemException;
import io.fetchq.api.web.ProblemType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyHeaderTest {

  private static final Map<String, String> BODY = Map.of("url", "https://example.org/");

  @Test
  void anAbsentHeaderMeansNoKey() {
    assertThat(IdempotencyKeyHeader.read(null, IdempotentResource.JOB, BODY)).isEmpty();
  }

  @Test
  void aValidHeaderCarriesKeyResourceAndFingerprint() {
    assertThat(IdempotencyKeyHeader.read("k-1", IdempotentResource.BATCH, BODY))
        .hasValueSatisfying(
            request -> {
              assertThat(request.key().value()).isEqualTo("k-1");
              assertThat(request.resource()).isEqualTo(IdempotentResource.BATCH);
              assertThat(request.fingerprint())
                  .isNotEqualTo(
                      IdempotencyKeyHeader.read("k-1", IdempotentResource.JOB, BODY)
                          .orElseThrow()
                          .fingerprint());
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "two words", "tab\t", "caf\u00e9", "ctl\u0001"})
  void aMalformedHeaderIsA400Problem(String header) {
    assertThatThrownBy(() -> IdempotencyKeyHeader.read(header, IdempotentResource.JOB, BODY))
        .isInstanceOfSatisfying(
            ProblemException.class,
            problem -> {
              assertThat(problem.type()).isEqualTo(ProblemType.INVALID_IDEMPOTENCY_KEY);
              assertThat(problem.type().status()).isEqualTo(400);
              assertThat(problem.getMessage()).startsWith("Idempotency-Key must");
            });
  }

  @Test
  void aTooLongHeaderIsA400Problem() {
    assertThatThrownBy(
            () -> IdempotencyKeyHeader.read("k".repeat(256), IdempotentResource.JOB, BODY))
        .isInstanceOfSatisfying(
            ProblemException.class,
            problem -> assertThat(problem.getMessage()).contains("at most 255"));
  }

  @Test
  void reusedAndInFlightHaveTheirOwnProblemTypes() {
    assertThat(IdempotencyKeyHeader.keyReused().type())
        .isEqualTo(ProblemType.IDEMPOTENCY_KEY_REUSED);
    assertThat(IdempotencyKeyHeader.keyReused().type().status()).isEqualTo(422);
    assertThat(IdempotencyKeyHeader.keyInFlight().type())
        .isEqualTo(ProblemType.IDEMPOTENCY_KEY_IN_FLIGHT);
    assertThat(IdempotencyKeyHeader.keyInFlight().type().status()).isEqualTo(409);
  }
}
