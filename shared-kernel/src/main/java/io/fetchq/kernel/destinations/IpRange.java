package io.fetchq.kernel.destinations;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * A CIDR block such as {@code 10.0.0.0/8} or {@code fc00::/7}. An IPv4 block never contains an IPv6
 * address and vice versa; callers unwrap IPv4-mapped IPv6 addresses first (see {@link
 * DestinationPolicy}).
 */
public record IpRange(InetAddress network, int prefixLength) {

  public IpRange {
    Objects.requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length must be 0.." + bits);
    }
    network = masked(network, prefixLength);
  }

  /**
   * Parses {@code address/prefix} or a single address (a /32 or /128 block). Only numeric literals
   * are accepted; nothing is ever resolved.
   *
   * @throws IllegalArgumentException if {@code cidr} is not a CIDR block
   */
  public static IpRange parse(String cidr) {
    Objects.requireNonNull(cidr, "cidr");
    String text = cidr.strip();
    int slash = text.indexOf('/');
    String addressPart = slash < 0 ? text : text.substring(0, slash);
    InetAddress address =
        HostLiteral.parse(addressPart)
            .orElseThrow(() -> new IllegalArgumentException("not an IP range: " + cidr));
    int bits = address.getAddress().length * 8;
    if (slash < 0) {
      return new IpRange(address, bits);
    }
    String prefix = text.substring(slash + 1);
    if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("not an IP range: " + cidr);
    }
    return new IpRange(address, Integer.parseInt(prefix));
  }

  /** Whether {@code address} lies inside this block (same address family only). */
  public boolean contains(InetAddress address) {
    if (isV4() != (address instanceof Inet4Address)) {
      return false;
    }
    return masked(address, prefixLength).equals(network);
  }

  private boolean isV4() {
    return network instanceof Inet4Address;
  }

  private static InetAddress masked(InetAddress address, int prefixLength) {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
      bytes[i] = (byte) (bytes[i] & (0xFF00 >> keep));
    }
    try {
      return address instanceof Inet6Address
          ? InetAddress.getByAddress(null, bytes)
          : InetAddress.getByAddress(null, Arrays.copyOf(bytes, 4));
    } catch (java.net.UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
