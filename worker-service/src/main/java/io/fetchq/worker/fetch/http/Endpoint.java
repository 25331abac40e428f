package io.fetchq.worker.fetch.http;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Where one exchange goes: scheme, host as written in the URL and port. The host is taken from the
 * raw authority when {@link URI#getHost()} gives up (numeric spellings such as {@code 0x7f.1},
 * names with underscores), so every spelling reaches the destination checks instead of slipping
 * past them.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the URL host without brackets, never empty
 * @param port the URL port, or -1 for the scheme's default
 */
record Endpoint(String scheme, String host, int port) {

  /** The endpoint of an absolute {@code http(s)} URL with a host, otherwise empty. */
  static Optional<Endpoint> of(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!isHttp(scheme) || url.isOpaque() || url.getRawAuthority() == null) {
      return Optional.empty();
    }
    String host;
    int port;
    if (url.getHost() != null) {
      host = url.getHost();
      port = url.getPort();
    } else {
      String authority = url.getRawAuthority();
      String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
      int colon = hostPort.lastIndexOf(':');
      if (colon >= 0 && hostPort.indexOf(']', colon) < 0) {
        String digits = hostPort.substring(colon + 1);
        if (digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
          return Optional.empty();
        }
        port = digits.isEmpty() ? -1 : Integer.parseInt(digits);
        host = hostPort.substring(0, colon);
      } else {
        port = -1;
        host = hostPort;
      }
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty() || port > 65535) {
      return Optional.empty();
    }
    return Optional.of(new Endpoint(scheme, host, port));
  }

  /** Whether {@code scheme} (lowercase) is one fetchq fetches from. */
  static boolean isHttp(String scheme) {
    return scheme.equals("http") || scheme.equals("https");
  }

  /** The route target; its host name is resolved by {@link PolicyDnsResolver} on connect. */
  HttpHost httpHost() {
    return new HttpHost(scheme, uriHost(), port);
  }

  /**
   * The request authority, hence the {@code Host} header: host and port as in the URL. Equal to the
   * route target, so TLS SNI and certificate checks use the URL host too.
   */
  URIAuthority authority() {
    return new URIAuthority(uriHost(), port);
  }

  /** The host as a URL writes it: IPv6 literals in brackets (HttpClient keeps them there too). */
  private String uriHost() {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  /** Same scheme, host (ignoring case) and effective port: the origin credentials belong to. */
  boolean sameOrigin(Endpoint other) {
    return scheme.equals(other.scheme)
        && host.equalsIgnoreCase(other.host)
        && effectivePort() == other.effectivePort();
  }

  private int effectivePort() {
    if (port >= 0) {
      return port;
    }
    return scheme.equals("https") ? 443 : 80;
  }
}
