package io.fetchq.worker.fetch.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The redirect rules: which statuses are followed, which method the next request uses and where it
 * goes (RFC 9110 §15.4, RFC 3986 §5.2 reference resolution).
 */
final class Redirects {

  /** The statuses followed; 300, 304, 305 and 306 are final responses. */
  static final Set<Integer> FOLLOWED = Set.of(301, 302, 303, 307, 308);

  private static final String URI_CHARACTERS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";

  private Redirects() {}

  /** Whether a response with {@code status} is followed when the job asks for redirects. */
  static boolean isFollowed(int status) {
    return FOLLOWED.contains(status);
  }

  /**
   * The method of the request that follows a {@code status} redirect of a {@code method} request:
   * 303 turns everything but HEAD into GET; 301 and 302 turn POST into GET (what browsers and curl
   * do); 307 and 308 keep the method. A request turned into GET loses its body.
   */
  static String methodAfter(int status, String method) {
    if (status == 303 && !method.equals("HEAD")) {
      return "GET";
    }
    if ((status == 301 || status == 302) && method.equals("POST")) {
      return "GET";
    }
    return method;
  }

  /**
   * Where a redirect from {@code current} with this {@code Location} value goes: an absolute URI
   * without fragment, or empty when there is nothing to follow (no Location, not a URI even after
   * percent-encoding stray characters, or an http(s) URL without a host) — the redirect is then the
   * final response. A URI with another scheme is returned as it is, for the caller to refuse.
   */
  static Optional<URI> location(URI current, String location) {
    if (location == null || location.isBlank()) {
      return Optional.empty();
    }
    URI reference;
    try {
      reference = new URI(encodeStrayCharacters(location.strip()));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    URI target;
    try {
      target = resolve(current, reference);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    if (Endpoint.isHttp(scheme) && Endpoint.of(target).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(target);
  }

  /** RFC 3986 §5.2.2 (java.net.URI#resolve gets query-only and empty references wrong). */
  static URI resolve(URI base, URI reference) throws URISyntaxException {
    if (reference.isOpaque()) {
      return reference;
    }
    String scheme;
    String authority;
    String path;
    String query;
    String refPath = reference.getRawPath() == null ? "" : reference.getRawPath();
    if (reference.getScheme() != null) {
      scheme = reference.getScheme();
      authority = reference.getRawAuthority();
      path = removeDotSegments(refPath);
      query = reference.getRawQuery();
    } else {
      scheme = base.getScheme();
      if (reference.getRawAuthority() != null) {
        authority = reference.getRawAuthority();
        path = removeDotSegments(refPath);
        query = reference.getRawQuery();
      } else {
        authority = base.getRawAuthority();
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (refPath.isEmpty()) {
          path = basePath;
          query = reference.getRawQuery() != null ? reference.getRawQuery() : base.getRawQuery();
        } else {
          path = removeDotSegments(refPath.startsWith("/") ? refPath : merge(base, refPath));
          query = reference.getRawQuery();
        }
      }
    }
    StringBuilder out = new StringBuilder(scheme).append(':');
    if (authority != null) {
      out.append("//").append(authority);
    }
    out.append(path);
    if (query != null) {
      out.append('?').append(query);
    }
    return new URI(out.toString());
  }

  private static String merge(URI base, String refPath) {
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    if (base.getRawAuthority() != null && basePath.isEmpty()) {
      return "/" + refPath;
    }
    return basePath.substring(0, basePath.lastIndexOf('/') + 1) + refPath;
  }

  /** RFC 3986 §5.2.4. */
  static String removeDotSegments(String path) {
    if (path.isEmpty()) {
      return path;
    }
    Deque<String> segments = new ArrayDeque<>();
    String[] parts = path.split("/", -1);
    boolean absolute = path.startsWith("/");
    for (int i = absolute ? 1 : 0; i < parts.length; i++) {
      String part = parts[i];
      boolean last = i == parts.length - 1;
      if (part.equals(".")) {
        if (last) {
          segments.addLast("");
        }
      } else if (part.equals("..")) {
        segments.pollLast();
        if (last) {
          segments.addLast("");
        }
      } else {
        segments.addLast(part);
      }
    }
    String joined = String.join("/", segments);
    return absolute ? "/" + joined : joined;
  }

  /** Percent-encodes characters a URI may not contain (spaces, non-ASCII) as browsers do. */
  private static String encodeStrayCharacters(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); ) {
      int codePoint = value.codePointAt(i);
      i += Character.charCount(codePoint);
      if (codePoint < 0x80 && URI_CHARACTERS.indexOf(codePoint) >= 0) {
        out.append((char) codePoint);
      } else {
        for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
        }
      }
    }
    return out.toString();
  }
}
