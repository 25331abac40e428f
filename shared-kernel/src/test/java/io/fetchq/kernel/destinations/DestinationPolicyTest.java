package io.fetchq.kernel.destinations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationPolicyTest {

  private final DestinationPolicy strict = DestinationPolicy.fromAllowedCidrs("");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.255.255.254",
        "10.0.0.1",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.255",
        "0.0.0.0",
        "0.1.2.3",
        "224.0.0.1",
        "239.255.255.250",
        "255.255.255.255",
        "198.18.0.1",
        "::",
        "::1",
        "fc00::1",
        "fd12:3456::1",
        "fe80::1",
        "ff02::1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",
        "64:ff9b::7f00:1",
        "64:ff9b::a9fe:a9fe"
      })
  void refusesInternalAddresses(String address) throws UnknownHostException {
    assertThat(strict.permits(InetAddress.getByName(address))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "93.184.215.14",
        "8.8.8.8",
        "1.1.1.1",
        "172.32.0.1",
        "100.128.0.1",
        "2606:4700::1111",
        "64:ff9b::808:808"
      })
  void permitsPublicAddresses(String address) throws UnknownHostException {
    assertThat(strict.permits(InetAddress.getByName(address))).isTrue();
  }

  @Test
  void allowedRangesExemptOnlyWhatTheyList() throws UnknownHostException {
    DestinationPolicy local = DestinationPolicy.fromAllowedCidrs(" 127.0.0.0/8 , 10.1.0.0/16");
    assertThat(local.permits(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(local.permits(InetAddress.getByName("::ffff:127.0.0.1"))).isTrue();
    assertThat(local.permits(InetAddress.getByName("10.1.2.3"))).isTrue();
    assertThat(local.permits(InetAddress.getByName("10.2.0.1"))).isFalse();
    assertThat(local.permits(InetAddress.getByName("::1"))).isFalse();
    assertThat(local.allowed()).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"127.0.0.1", "2130706433", "0x7f.1", "[::1]", "10.0.0.1", "169.254.169.254"})
  void refusesLiteralHostsInAnySpelling(String host) {
    assertThat(strict.permitsHost(host)).isFalse();
  }

  @Test
  void leavesHostNamesToResolutionTime() {
    assertThat(strict.permitsHost("localhost")).isTrue();
    assertThat(strict.permitsHost("example.org")).isTrue();
  }

  @Test
  void refusesMalformedAllowList() {
    assertThatThrownBy(() -> DestinationPolicy.fromAllowedCidrs("127.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DestinationPolicy.fromAllowedCidrs("localhost/8"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
