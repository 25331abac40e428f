package io.fetchq.worker.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.kernel.destinations.DestinationPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyDnsResolverTest {

  /** Resolves every name to a loopback and a public address. */
  private static final DnsResolver MIXED =
      new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
          if (host.equals("missing.invalid")) {
            throw new UnknownHostException(host);
          }
          return new InetAddress[] {
            InetAddress.getByName("127.0.0.1"), InetAddress.getByName("93.184.215.14")
          };
        }

        @Override
        public String resolveCanonicalHostname(String host) {
          return host + ".canonical";
        }
      };

  @Test
  void keepsOnlyPermittedAddresses() throws Exception {
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(DestinationPolicy.fromAllowedCidrs(""), MIXED);

    assertThat(resolver.resolve("rebinding.example"))
        .containsExactly(InetAddress.getByName("93.184.215.14"));
    assertThat(resolver.resolve("rebinding.example", 443))
        .containsExactly(new InetSocketAddress(InetAddress.getByName("93.184.215.14"), 443));
    assertThat(resolver.resolveCanonicalHostname("x")).isEqualTo("x.canonical");
  }

  @Test
  void refusesAHostResolvingOnlyToRefusedAddresses() {
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(
            DestinationPolicy.fromAllowedCidrs(""),
            new DnsResolver() {
              @Override
              public InetAddress[] resolve(String host) throws UnknownHostException {
                return new InetAddress[] {InetAddress.getByName("169.254.169.254")};
              }

              @Override
              public String resolveCanonicalHostname(String host) {
                return host;
              }
            });

    assertThatThrownBy(() -> resolver.resolve("metadata.example"))
        .isInstanceOf(DestinationRefusedException.class)
        .hasMessageContaining("metadata.example");
  }

  @Test
  void allowedRangesLetLoopbackThrough() throws Exception {
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(DestinationPolicy.fromAllowedCidrs("127.0.0.0/8"), MIXED);

    assertThat(resolver.resolve("local.example")).hasSize(2);
  }

  @Test
  void passesOnUnknownHosts() {
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(DestinationPolicy.fromAllowedCidrs(""), MIXED);

    assertThatThrownBy(() -> resolver.resolve("missing.invalid"))
        .isInstanceOf(UnknownHostException.class)
        .isNotInstanceOf(DestinationRefusedException.class);
  }

  /** Fails the test if asked: numeric hosts must be decoded without it. */
  private static final DnsResolver UNUSED =
      new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) {
          throw new AssertionError("the delegate was asked for " + host);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
          throw new AssertionError("the delegate was asked for " + host);
        }
      };

  @ParameterizedTest
  @ValueSource(
      strings = {"127.0.0.1", "2130706433", "0x7f.1", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]"})
  void decodesNumericHostsWithoutTheDelegate(String host) throws Exception {
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(DestinationPolicy.fromAllowedCidrs("127.0.0.0/8"), UNUSED);

    assertThat(resolver.resolve(host)).containsExactly(InetAddress.getByName("127.0.0.1"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2130706433",
        "0x7f.1",
        "0x7F000001",
        "[::ffff:127.0.0.1]",
        "::1",
        "169.254.169.254",
        "0xa9.0xfe.0xa9.0xfe",
        "0"
      })
  void refusesNumericSpellingsOfRefusedAddressesWithoutTheDelegate(String host) {
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(DestinationPolicy.fromAllowedCidrs(""), UNUSED);

    assertThatThrownBy(() -> resolver.resolve(host, 80))
        .isInstanceOf(DestinationRefusedException.class)
        .hasMessage("destination refused: " + host + " is a refused address");
  }

  @Test
  void treatsAnEmptyAnswerAsAnUnknownHost() {
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(
            DestinationPolicy.fromAllowedCidrs(""),
            new DnsResolver() {
              @Override
              public InetAddress[] resolve(String host) {
                return new InetAddress[0];
              }

              @Override
              public String resolveCanonicalHostname(String host) {
                return host;
              }
            });

    assertThatThrownBy(() -> resolver.resolve("empty.example"))
        .isInstanceOf(UnknownHostException.class)
        .isNotInstanceOf(DestinationRefusedException.class);
  }

  @Test
  void resolvesNamesWithTheSystemResolverByDefault() throws Exception {
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(DestinationPolicy.fromAllowedCidrs("127.0.0.0/8"));

    assertThat(resolver.resolve("localhost")).contains(InetAddress.getByName("127.0.0.1"));
    assertThatThrownBy(
            () ->
                new PolicyDnsResolver(DestinationPolicy.fromAllowedCidrs("")).resolve("localhost"))
        .isInstanceOf(DestinationRefusedException.class);
  }
}
