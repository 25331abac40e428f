package io.fetchq.kernel.destinations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HostLiteralTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 127.0.0.1",
    "2130706433, 127.0.0.1",
    "0x7f.1, 127.0.0.1",
    "0x7F000001, 127.0.0.1",
    "0177.0.0.1, 127.0.0.1",
    "127.1, 127.0.0.1",
    "10.1.257, 10.1.1.1",
    "169.254.169.254., 169.254.169.254",
    "0, 0.0.0.0",
    "0x, 0.0.0.0",
    "[::1], 0:0:0:0:0:0:0:1",
    "::1, 0:0:0:0:0:0:0:1",
    "[fe80::1%25eth0], fe80:0:0:0:0:0:0:1",
    "[::ffff:127.0.0.1], 127.0.0.1"
  })
  void parsesEveryNumericSpelling(String host, String expected) {
    assertThat(HostLiteral.parse(host).map(InetAddress::getHostAddress)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "example.org",
        "localhost",
        "1.2.3.4.5",
        "256.1.1.1",
        "1.2.3.0x100",
        "4294967296",
        "09.1.1.1",
        "[not:an:address:zz]",
        "1..1",
        "abc:def:ghi"
      })
  void leavesNamesAndInvalidNumbersAlone(String host) {
    assertThat(HostLiteral.parse(host)).isEmpty();
  }

  @ParameterizedTest
  @NullAndEmptySource
  void treatsMissingHostAsNoLiteral(String host) {
    assertThat(HostLiteral.parse(host)).isEmpty();
  }
}
