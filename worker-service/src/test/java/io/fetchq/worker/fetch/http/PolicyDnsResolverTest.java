package io.fetchq.worker.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.kernel.destinations.DestinationPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;

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
}
