package io.fetchq.standalone.preflight;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a Redis URL ({@code redis://[[user]:password@]host[:port][/db]}, or {@code rediss://} for
 * TLS) points, and the credentials it carries.
 *
 * @param host the host, without brackets
 * @param port the port (6379 when the URL names none)
 * @param username the ACL user, or {@code null}
 * @param password the password, or {@code null}
 * @param tls whether the URL asks for TLS ({@code rediss})
 */
public record RedisAddress(String host, int port, String username, String password, boolean tls) {

  private static final int DEFAULT_PORT = 6379;

  /**
   * Parses a Redis URL.
   *
   * @throws PreflightException when {@code url} is not a redis:// or rediss:// URL with a host
   */
  public static RedisAddress parse(String url) {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url.trim());
    } catch (URISyntaxException e) {
      throw invalid();
    }
    String scheme = uri.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme) || uri.getHost() == null) {
      throw invalid();
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String username = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        password = decode(userInfo);
      } else {
        username = colon == 0 ? null : decode(userInfo.substring(0, colon));
        password = decode(userInfo.substring(colon + 1));
      }
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    return new RedisAddress(host, port, username, password, "rediss".equals(scheme));
  }

  /** {@code host:port}, IPv6 hosts in brackets. */
  public String display() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }

  @Override
  public String toString() {
    return "RedisAddress[" + display() + (password == null ? "" : ", password=***") + "]";
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  private static PreflightException invalid() {
    return new PreflightException(
        "fetchq: FETCHQ_REDIS_URL is not a Redis URL; use redis://host:port"
            + " (or redis://:password@host:port).");
  }
}
