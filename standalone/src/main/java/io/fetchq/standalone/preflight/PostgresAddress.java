package io.fetchq.standalone.preflight;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a PostgreSQL JDBC URL points: the first host, its port and the database. Only what the
 * pre-flight needs is parsed; the driver reads the rest of the URL itself.
 *
 * @param host the first host of the URL, without brackets
 * @param port its port (5432 when the URL names none)
 * @param database the database name, decoded; empty when the URL names none
 * @param authority the URL's host list as written, for building a sibling URL
 * @param query the URL's query string including {@code ?}, or empty
 */
public record PostgresAddress(
    String host, int port, String database, String authority, String query) {

  private static final String PREFIX = "jdbc:postgresql:";
  private static final int DEFAULT_PORT = 5432;

  /**
   * Parses {@code jdbc:postgresql://host[:port][,host2...]/database[?params]} and the short forms
   * {@code jdbc:postgresql:database} and {@code jdbc:postgresql:///database}.
   *
   * @throws PreflightException when {@code jdbcUrl} is not a PostgreSQL JDBC URL
   */
  public static PostgresAddress parse(String jdbcUrl) {
    if (jdbcUrl == null || !jdbcUrl.startsWith(PREFIX)) {
      throw invalid(jdbcUrl);
    }
    String rest = jdbcUrl.substring(PREFIX.length());
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q);
      rest = rest.substring(0, q);
    }
    String authority;
    String database;
    if (rest.startsWith("//")) {
      rest = rest.substring(2);
      int slash = rest.indexOf('/');
      authority = slash < 0 ? rest : rest.substring(0, slash);
      database = slash < 0 ? "" : rest.substring(slash + 1);
    } else {
      authority = "";
      database = rest;
    }
    String first = authority.isEmpty() ? "localhost" : authority.split(",", -1)[0];
    String host;
    String port = "";
    if (first.startsWith("[")) {
      int close = first.indexOf(']');
      if (close < 0) {
        throw invalid(jdbcUrl);
      }
      host = first.substring(1, close);
      String after = first.substring(close + 1);
      port = after.startsWith(":") ? after.substring(1) : "";
    } else {
      int colon = first.lastIndexOf(':');
      host = colon < 0 ? first : first.substring(0, colon);
      port = colon < 0 ? "" : first.substring(colon + 1);
    }
    if (host.isEmpty() || database.contains("/")) {
      throw invalid(jdbcUrl);
    }
    return new PostgresAddress(
        host,
        port.isEmpty() ? DEFAULT_PORT : parsePort(port, jdbcUrl),
        URLDecoder.decode(database, StandardCharsets.UTF_8),
        authority,
        query);
  }

  /** {@code host:port}, IPv6 hosts in brackets. */
  public String display() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }

  /** The same URL pointing at another database of the same server (e.g. {@code postgres}). */
  public String urlFor(String otherDatabase) {
    String hosts = authority.isEmpty() ? display() : authority;
    return PREFIX + "//" + hosts + "/" + otherDatabase + query;
  }

  private static int parsePort(String port, String jdbcUrl) {
    try {
      int value = Integer.parseInt(port);
      if (value < 1 || value > 65535) {
        throw invalid(jdbcUrl);
      }
      return value;
    } catch (NumberFormatException e) {
      throw invalid(jdbcUrl);
    }
  }

  private static PreflightException invalid(String jdbcUrl) {
    String shown = jdbcUrl == null ? "" : jdbcUrl.replaceAll("\\?.*", "");
    return new PreflightException(
        "fetchq: FETCHQ_DB_URL '"
            + shown
            + "' is not a PostgreSQL JDBC URL; use jdbc:postgresql://host:port/database.");
  }
}
