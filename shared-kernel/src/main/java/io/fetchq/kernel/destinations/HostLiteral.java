package io.fetchq.kernel.destinations;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a host name that is really an IP address, in every spelling a resolver would accept:
 * dotted quads, the BSD {@code inet_aton} forms ({@code 2130706433}, {@code 0x7f.1}, {@code
 * 0177.0.0.1}, {@code 127.1}) and IPv6 literals with or without brackets. Never performs a DNS
 * lookup.
 */
public final class HostLiteral {

  private HostLiteral() {}

  /**
   * Returns the address {@code host} denotes when it is a numeric literal, otherwise empty (a name
   * that must be resolved).
   */
  public static Optional<InetAddress> parse(String host) {
    if (host == null || host.isEmpty()) {
      return Optional.empty();
    }
    String h = host;
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.indexOf(':') >= 0) {
      return parseV6(h);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return parseV4(h.toLowerCase(Locale.ROOT));
  }

  private static Optional<InetAddress> parseV6(String text) {
    int zone = text.indexOf('%');
    String address = zone >= 0 ? text.substring(0, zone) : text;
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      boolean ok = c == ':' || c == '.' || Character.digit(c, 16) >= 0;
      if (!ok) {
        return Optional.empty();
      }
    }
    try {
      // Only hex digits, colons and dots remain, so this parses and never resolves.
      return Optional.of(InetAddress.getByName(address));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static Optional<InetAddress> parseV4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length > 4) {
      return Optional.empty();
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      long value = parseNumber(parts[i]);
      if (value < 0) {
        return Optional.empty();
      }
      values[i] = value;
    }
    long address = 0;
    int last = parts.length - 1;
    for (int i = 0; i < last; i++) {
      if (values[i] > 0xFF) {
        return Optional.empty();
      }
      address |= values[i] << (24 - 8 * i);
    }
    long lastMax = (1L << (8 * (4 - last))) - 1;
    if (values[last] > lastMax) {
      return Optional.empty();
    }
    address |= values[last];
    byte[] bytes = {
      (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
    };
    try {
      return Optional.of(InetAddress.getByAddress(null, bytes));
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** Parses one inet_aton component (decimal, 0-prefixed octal, 0x-prefixed hex); -1 if not one. */
  private static long parseNumber(String part) {
    if (part.isEmpty() || part.length() > 12) {
      return -1;
    }
    int radix = 10;
    String digits = part;
    if (part.startsWith("0x")) {
      radix = 16;
      digits = part.substring(2);
      if (digits.isEmpty()) {
        return 0;
      }
    } else if (part.length() > 1 && part.startsWith("0")) {
      radix = 8;
      digits = part.substring(1);
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = Character.digit(digits.charAt(i), radix);
      if (d < 0) {
        return -1;
      }
      value = value * radix + d;
    }
    return value;
  }
}
