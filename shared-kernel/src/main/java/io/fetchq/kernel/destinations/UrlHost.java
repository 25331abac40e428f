package io.fetchq.kernel.destinations;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The host of a URL, as fetchq names it everywhere: the destination check, the per-host politeness
 * key on job messages, and {@code dead_letters.host}. IPv6 literals lose their brackets. Hosts that
 * {@link URI} does not recognise as server names ({@code 0x7f.1}, {@code 127.1}, names with {@code
 * _}) are taken as written from a plain authority, so numeric spellings still reach the destination
 * check instead of passing as "no host".
 */
public final class UrlHost {

  private UrlHost() {}

  /** The host of {@code uri} as written (case kept), or empty when it has none. */
  public static Optional<String> of(URI uri) {
    String host = uri.getHost() != null ? uri.getHost() : registryHost(uri.getRawAuthority());
    if (host == null || host.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host);
  }

  /**
   * The politeness key of {@code url}: its host, lowercase; empty when {@code url} is not a URI or
   * has no host.
   */
  public static String key(String url) {
    try {
      return of(URI.create(url)).map(UrlHost::keyOf).orElse("");
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /**
   * The politeness key of a host {@link #of} returned (its URL already parsed): the host,
   * lowercase.
   */
  public static String keyOf(String host) {
    return host.toLowerCase(Locale.ROOT);
  }

  /**
   * The host of an authority {@link URI} parsed as registry-based: letters, digits, '.', '-' and
   * '_' only, optionally followed by a numeric port; null for anything else (percent-encoding,
   * non-ASCII, user-info).
   */
  private static String registryHost(String authority) {
    if (authority == null) {
      return null;
    }
    int colon = authority.lastIndexOf(':');
    String host = colon < 0 ? authority : authority.substring(0, colon);
    String port = colon < 0 ? "" : authority.substring(colon + 1);
    if (!port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    boolean plain =
        !host.isEmpty()
            && host.chars()
                .allMatch(
                    c ->
                        c >= 'a' && c <= 'z'
                            || c >= 'A' && c <= 'Z'
                            || c >= '0' && c <= '9'
                            || c == '.'
                            || c == '-'
                            || c == '_');
    return plain ? host : null;
  }
}
