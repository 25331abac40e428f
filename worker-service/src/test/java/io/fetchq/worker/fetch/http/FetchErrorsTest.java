package io.fetchq.worker.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.worker.fetch.domain.ErrorType;
import io.fetchq.worker.fetch.domain.FetchError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FetchErrorsTest {

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            new DestinationRefusedException("internal.example"), ErrorType.DESTINATION_REFUSED),
        Arguments.of(new UnknownHostException("nope.invalid"), ErrorType.DNS),
        Arguments.of(new SSLHandshakeException("PKIX path building failed"), ErrorType.TLS),
        Arguments.of(
            new IOException("wrapped", new SSLHandshakeException("bad cert")), ErrorType.TLS),
        Arguments.of(new ConnectTimeoutException("connect timed out"), ErrorType.TIMEOUT),
        Arguments.of(new SocketTimeoutException("Read timed out"), ErrorType.TIMEOUT),
        Arguments.of(new HttpHostConnectException("Connection refused"), ErrorType.CONNECT),
        Arguments.of(new ConnectException("Connection refused"), ErrorType.CONNECT),
        Arguments.of(new NoRouteToHostException("No route"), ErrorType.CONNECT),
        Arguments.of(new ConnectionClosedException("Premature end"), ErrorType.IO),
        Arguments.of(new IOException(), ErrorType.IO),
        Arguments.of(new IllegalArgumentException("bad"), ErrorType.IO));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("failures")
  void classifiesFailures(Throwable failure, ErrorType expected) {
    FetchError error = FetchErrors.classify(failure, false, Duration.ofSeconds(2), "example.org");

    assertThat(error.type()).isEqualTo(expected);
    assertThat(error.message()).isNotBlank();
  }

  @ParameterizedTest(name = "{0} after the deadline -> timeout")
  @MethodSource("failures")
  void anExpiredDeadlineIsATimeoutWhateverTheClientThrew(Throwable failure, ErrorType ignored) {
    FetchError error = FetchErrors.classify(failure, true, Duration.ofMillis(500), "example.org");

    assertThat(error)
        .isEqualTo(new FetchError(ErrorType.TIMEOUT, "no complete response within 500 ms"));
  }
}
