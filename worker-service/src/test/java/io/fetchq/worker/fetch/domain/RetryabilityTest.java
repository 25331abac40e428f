package io.fetchq.worker.fetch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RetryabilityTest {

  @ParameterizedTest(name = "status {0} retryable={1}")
  @CsvSource({
    "200, false",
    "201, false",
    "204, false",
    "301, false",
    "304, false",
    "400, false",
    "401, false",
    "403, false",
    "404, false",
    "407, false",
    "408, true",
    "409, false",
    "410, false",
    "422, false",
    "425, true",
    "429, true",
    "499, false",
    "500, true",
    "501, false",
    "502, true",
    "503, true",
    "504, true",
    "505, false",
    "599, false"
  })
  void classifiesStatusCodes(int status, boolean retryable) {
    FetchResponse response = new FetchResponse(status, Map.of(), new byte[0], false, 0L, 1);

    assertThat(Retryability.isRetryableStatus(status)).isEqualTo(retryable);
    assertThat(Retryability.isRetryable(response)).isEqualTo(retryable);
  }

  @ParameterizedTest(name = "error {0} retryable={1}")
  @CsvSource({
    "TIMEOUT, true",
    "CONNECT, true",
    "IO, true",
    "DNS, false",
    "TLS, false",
    "DESTINATION_REFUSED, false",
    "TOO_LARGE, false"
  })
  void classifiesErrors(ErrorType type, boolean retryable) {
    assertThat(Retryability.isRetryable(new FetchError(type, "x"))).isEqualTo(retryable);
  }

  @ParameterizedTest
  @EnumSource(ErrorType.class)
  void errorWireNamesAreLowercase(ErrorType type) {
    assertThat(type.wireName()).isEqualTo(type.name().toLowerCase(java.util.Locale.ROOT));
  }
}
