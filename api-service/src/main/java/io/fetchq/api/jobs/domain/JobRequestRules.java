package io.fetchq.api.jobs.domain;

import io.fetchq.kernel.destinations.UrlHost;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The limits of API.md "Jobs" as pure functions. Each {@code ...Violation} method returns the
 * human-readable reason a value is refused, or empty when it is acceptable. The web layer reports
 * them with JSON pointers; the domain records re-check them in their constructors.
 */
public final class JobRequestRules {

  public static final int MAX_URL_LENGTH = 2048;
  public static final int MAX_HEADERS = 50;
  public static final int MAX_BODY_BYTES = 256 * 1024;
  public static final int MIN_TIMEOUT_MS = 100;
  public static final int MAX_TIMEOUT_MS = 60_000;
  public static final int DEFAULT_TIMEOUT_MS = 10_000;
  public static final int MAX_METADATA_BYTES = 4 * 1024;
  public static final int MAX_HEADER_VALUE_LENGTH = 8 * 1024;

  /** Hop-by-hop and framing headers the client may not set; fetchq controls them. */
  public static final Set<String> FORBIDDEN_HEADERS =
      Set.of(
          "host",
          "content-length",
          "connection",
          "transfer-encoding",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "upgrade",
          "expect",
          "http2-settings");

  private JobRequestRules() {}

  /** Absolute http/https URL, at most 2048 characters, with a host and no user-info. */
  public static Optional<String> urlViolation(String url) {
    return Optional.ofNullable(checkUrl(url).violation());
  }

  /**
   * The host of {@code url} as {@link #hostOf} gives it, when {@code url} passes {@link
   * #urlViolation}; empty otherwise. One parse for both questions.
   */
  public static Optional<String> validHost(String url) {
    UrlCheck check = checkUrl(url);
    return check.violation() == null ? Optional.of(check.host()) : Optional.empty();
  }

  /** A URL's violation, or (violation null) its host. */
  private record UrlCheck(String violation, String host) {
    static UrlCheck refused(String violation) {
      return new UrlCheck(violation, null);
    }
  }

  private static UrlCheck checkUrl(String url) {
    if (url == null || url.isBlank()) {
      return UrlCheck.refused("must not be blank");
    }
    if (url.length() > MAX_URL_LENGTH) {
      return UrlCheck.refused("must be at most " + MAX_URL_LENGTH + " characters");
    }
    if (containsControlOrSpace(url)) {
      return UrlCheck.refused("must not contain spaces or control characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return UrlCheck.refused("must be a valid absolute URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return UrlCheck.refused("must be an absolute http or https URL");
    }
    if (uri.getRawUserInfo() != null
        || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
      return UrlCheck.refused("must not contain user-info");
    }
    return UrlHost.of(uri)
        .map(host -> new UrlCheck(null, host))
        .orElseGet(() -> UrlCheck.refused("must have a valid host"));
  }

  /**
   * The host of a URL that passed {@link #urlViolation}, brackets removed for IPv6 literals. Hosts
   * that {@link URI} does not recognise as server names ({@code 0x7f.1}, {@code 127.1}, names with
   * {@code _}) are returned as written, so numeric spellings still reach the destination check.
   *
   * @throws IllegalArgumentException if {@code url} has no host
   */
  public static String hostOf(String url) {
    return UrlHost.of(URI.create(url))
        .orElseThrow(() -> new IllegalArgumentException("URL has no valid host"));
  }

  /** An RFC 9110 token, not a forbidden hop-by-hop or framing header. */
  public static Optional<String> headerNameViolation(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("header name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isTokenChar(name.charAt(i))) {
        return Optional.of("header name must be an HTTP token (no spaces, CR, LF or separators)");
      }
    }
    if (FORBIDDEN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      return Optional.of("header '" + name + "' is controlled by fetchq and may not be set");
    }
    return Optional.empty();
  }

  /** No CR, LF, NUL or other control characters (tab allowed), at most 8 KiB. */
  public static Optional<String> headerValueViolation(String value) {
    if (value == null) {
      return Optional.of("header value must not be null");
    }
    if (value.length() > MAX_HEADER_VALUE_LENGTH) {
      return Optional.of("header value must be at most " + MAX_HEADER_VALUE_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        return Optional.of("header value must not contain CR, LF or control characters");
      }
    }
    return Optional.empty();
  }

  /** At most 50 headers, each name and value valid, no name twice (case-insensitive). */
  public static Optional<String> headersViolation(Map<String, String> headers) {
    if (headers.size() > MAX_HEADERS) {
      return Optional.of("at most " + MAX_HEADERS + " headers are allowed");
    }
    Optional<String> duplicates = duplicateHeaderNamesViolation(headers.keySet());
    if (duplicates.isPresent()) {
      return duplicates;
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      Optional<String> v =
          headerNameViolation(e.getKey()).or(() -> headerValueViolation(e.getValue()));
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  /** No header name twice, compared case-insensitively ({@code Accept} and {@code accept}). */
  public static Optional<String> duplicateHeaderNamesViolation(Collection<String> names) {
    long distinct =
        names.stream().map(n -> String.valueOf(n).toLowerCase(Locale.ROOT)).distinct().count();
    return distinct != names.size()
        ? Optional.of("header names must be unique (case-insensitive)")
        : Optional.empty();
  }

  /** 100..60000 milliseconds. */
  public static Optional<String> timeoutViolation(int timeoutMs) {
    return timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS
        ? Optional.of("must be between " + MIN_TIMEOUT_MS + " and " + MAX_TIMEOUT_MS)
        : Optional.empty();
  }

  /** A flat string map of at most 4 KiB, measured as compact JSON in UTF-8. */
  public static Optional<String> metadataViolation(Map<String, String> metadata) {
    if (metadata.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
      return Optional.of("keys and values must be strings");
    }
    return serializedSize(metadata) > MAX_METADATA_BYTES
        ? Optional.of("must be at most " + MAX_METADATA_BYTES + " bytes serialized")
        : Optional.empty();
  }

  /** The size of {@code map} as compact JSON in UTF-8 (exact for string maps). */
  static int serializedSize(Map<String, String> map) {
    int size = 2; // {}
    boolean first = true;
    for (Map.Entry<String, String> e : map.entrySet()) {
      size += (first ? 0 : 1) + jsonStringSize(e.getKey()) + 1 + jsonStringSize(e.getValue());
      first = false;
    }
    return size;
  }

  private static int jsonStringSize(String s) {
    int size = 2;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '"' || cp == '\\') {
        size += 2;
      } else if (cp < 0x20) {
        size += 6;
      } else {
        size += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      }
    }
    return size;
  }

  private static boolean isTokenChar(char c) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private static boolean containsControlOrSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c == 0x7F) {
        return true;
      }
    }
    return false;
  }
}
