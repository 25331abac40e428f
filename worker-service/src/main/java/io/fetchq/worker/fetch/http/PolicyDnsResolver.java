package io.fetchq.worker.fetch.http;

import io.fetchq.kernel.destinations.DestinationPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Resolves a host, then keeps only the addresses the {@link DestinationPolicy} permits. The HTTP
 * client connects to exactly the addresses returned here, so the check applies to the address
 * actually connected (no DNS-rebinding window between check and connect), while the URL's host name
 * is still used for {@code Host} and TLS SNI.
 */
public final class PolicyDnsResolver implements DnsResolver {

  private final DestinationPolicy policy;
  private final DnsResolver delegate;

  public PolicyDnsResolver(DestinationPolicy policy, DnsResolver delegate) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * @throws DestinationRefusedException if every address of {@code host} is refused
   * @throws UnknownHostException if {@code host} does not resolve
   */
  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] permitted =
        Arrays.stream(delegate.resolve(host)).filter(policy::permits).toArray(InetAddress[]::new);
    if (permitted.length == 0) {
      throw new DestinationRefusedException(host);
    }
    return permitted;
  }

  @Override
  public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
    return Arrays.stream(resolve(host)).map(a -> new InetSocketAddress(a, port)).toList();
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return delegate.resolveCanonicalHostname(host);
  }
}
