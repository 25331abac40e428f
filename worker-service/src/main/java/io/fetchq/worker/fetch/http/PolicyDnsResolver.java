package io.fetchq.worker.fetch.http;

import io.fetchq.kernel.destinations.DestinationPolicy;
import io.fetchq.kernel.destinations.HostLiteral;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves a host, then keeps only the addresses the {@link DestinationPolicy} permits. A host that
 * is a numeric literal in any spelling ({@code 2130706433}, {@code 0x7f.1}, {@code
 * [::ffff:127.0.0.1]}) is decoded by {@link HostLiteral} and never reaches the delegate resolver; a
 * name is resolved once by the delegate. The HTTP client connects to exactly the addresses returned
 * here, trying them in order, so the check applies to the address actually connected (no
 * DNS-rebinding window between check and connect), while the URL's host name is still used for
 * {@code Host} and TLS SNI.
 */
public final class PolicyDnsResolver implements DnsResolver {

  private final DestinationPolicy policy;
  private final DnsResolver delegate;

  /** Resolves names with the system resolver. */
  public PolicyDnsResolver(DestinationPolicy policy) {
    this(policy, SystemDefaultDnsResolver.INSTANCE);
  }

  public PolicyDnsResolver(DestinationPolicy policy, DnsResolver delegate) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * @return the permitted addresses of {@code host}, in the delegate's order; never empty
   * @throws DestinationRefusedException if {@code host} is, or resolves only to, refused addresses
   * @throws UnknownHostException if {@code host} does not resolve
   */
  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    Optional<InetAddress> literal = HostLiteral.parse(host);
    if (literal.isPresent()) {
      if (!policy.permits(literal.get())) {
        throw DestinationRefusedException.literal(host);
      }
      return new InetAddress[] {literal.get()};
    }
    InetAddress[] resolved = delegate.resolve(host);
    if (resolved == null || resolved.length == 0) {
      throw new UnknownHostException(host);
    }
    InetAddress[] permitted =
        Arrays.stream(resolved).filter(policy::permits).toArray(InetAddress[]::new);
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
