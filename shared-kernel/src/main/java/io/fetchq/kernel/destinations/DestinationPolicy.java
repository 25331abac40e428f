package io.fetchq.kernel.destinations;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides whether fetchq may connect to an address. Loopback, private, link-local (including the
 * cloud metadata address 169.254.169.254), CGNAT, multicast, unspecified, benchmark, reserved and
 * the IPv6 equivalents (ULA, loopback, link-local, IPv4-mapped and NAT64 forms of refused IPv4
 * addresses) are refused unless an operator-configured allowed range contains the address.
 */
public final class DestinationPolicy {

  /** Every block refused by default. */
  public static final List<IpRange> REFUSED =
      Stream.of(
              "0.0.0.0/8", // "this network", includes unspecified
              "10.0.0.0/8",
              "100.64.0.0/10", // CGNAT
              "127.0.0.0/8",
              "169.254.0.0/16", // link-local, cloud metadata
              "172.16.0.0/12",
              "192.0.0.0/24", // IETF protocol assignments
              "192.0.2.0/24", // TEST-NET-1
              "192.168.0.0/16",
              "198.18.0.0/15", // benchmarking
              "198.51.100.0/24", // TEST-NET-2
              "203.0.113.0/24", // TEST-NET-3
              "224.0.0.0/4", // multicast
              "240.0.0.0/4", // reserved, includes broadcast
              "::/128", // unspecified
              "::1/128", // loopback
              "fc00::/7", // unique local
              "fe80::/10", // link-local
              "fec0::/10", // deprecated site-local
              "ff00::/8", // multicast
              "2001:db8::/32" // documentation
              )
          .map(IpRange::parse)
          .toList();

  private final List<IpRange> allowed;

  /**
   * @param allowed ranges exempt from the refusal rules ({@code FETCHQ_ALLOWED_CIDRS}); never null
   */
  public DestinationPolicy(List<IpRange> allowed) {
    this.allowed = List.copyOf(Objects.requireNonNull(allowed, "allowed"));
  }

  /** A policy exempting the comma-separated CIDR list {@code allowedCidrs} (blank = none). */
  public static DestinationPolicy fromAllowedCidrs(String allowedCidrs) {
    if (allowedCidrs == null || allowedCidrs.isBlank()) {
      return new DestinationPolicy(List.of());
    }
    return new DestinationPolicy(
        Arrays.stream(allowedCidrs.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .map(IpRange::parse)
            .toList());
  }

  /** The ranges this policy exempts. */
  public List<IpRange> allowed() {
    return allowed;
  }

  /** Whether a connection to {@code address} is permitted. */
  public boolean permits(InetAddress address) {
    Objects.requireNonNull(address, "address");
    InetAddress effective = embeddedIpv4(address).orElse(address);
    if (isAllowed(address) || isAllowed(effective)) {
      return true;
    }
    return REFUSED.stream().noneMatch(r -> r.contains(effective) || r.contains(address));
  }

  /**
   * Checks a URL host without resolving it: a numeric literal is judged by {@link
   * #permits(InetAddress)}; a name is permitted here and must be checked again once resolved.
   */
  public boolean permitsHost(String host) {
    return HostLiteral.parse(host).map(this::permits).orElse(true);
  }

  private boolean isAllowed(InetAddress address) {
    return allowed.stream().anyMatch(r -> r.contains(address));
  }

  /** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address. */
  private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return Optional.empty();
    }
    byte[] b = address.getAddress();
    boolean mapped = allZero(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
    boolean compatible = allZero(b, 0, 12) && !allZero(b, 12, 16);
    boolean nat64 =
        (b[0] & 0xFF) == 0x00
            && (b[1] & 0xFF) == 0x64
            && (b[2] & 0xFF) == 0xFF
            && (b[3] & 0xFF) == 0x9B
            && allZero(b, 4, 12);
    if (!(mapped || compatible || nat64)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          (Inet4Address) InetAddress.getByAddress(null, Arrays.copyOfRange(b, 12, 16)));
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
