package io.fetchq.kernel.destinations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

  @Test
  void masksTheNetworkAddress() {
    assertThat(IpRange.parse("10.1.2.3/8").toString()).isEqualTo("10.0.0.0/8");
    assertThat(IpRange.parse("fd00::1/8").toString()).isEqualTo("fd00:0:0:0:0:0:0:0/8");
  }

  @Test
  void singleAddressIsAHostRoute() throws UnknownHostException {
    IpRange one = IpRange.parse("192.0.2.7");
    assertThat(one.prefixLength()).isEqualTo(32);
    assertThat(one.contains(InetAddress.getByName("192.0.2.7"))).isTrue();
    assertThat(one.contains(InetAddress.getByName("192.0.2.8"))).isFalse();
  }

  @Test
  void containsRespectsPrefixBoundaries() throws UnknownHostException {
    IpRange range = IpRange.parse("100.64.0.0/10");
    assertThat(range.contains(InetAddress.getByName("100.64.0.0"))).isTrue();
    assertThat(range.contains(InetAddress.getByName("100.127.255.255"))).isTrue();
    assertThat(range.contains(InetAddress.getByName("100.128.0.0"))).isFalse();
    assertThat(range.contains(InetAddress.getByName("::1"))).isFalse();
  }

  @Test
  void zeroPrefixContainsItsWholeFamily() throws UnknownHostException {
    assertThat(IpRange.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8"))).isTrue();
    assertThat(IpRange.parse("::/0").contains(InetAddress.getByName("2001:db8::1"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/",
        "10.0.0.0/x",
        "10.0.0.0/33",
        "::/129",
        "example.org/8",
        "10.0.0.0/1234"
      })
  void refusesMalformedRanges(String cidr) {
    assertThatThrownBy(() -> IpRange.parse(cidr)).isInstanceOf(IllegalArgumentException.class);
  }
}
