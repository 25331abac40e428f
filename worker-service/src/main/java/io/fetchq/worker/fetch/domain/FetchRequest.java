package io.fetchq.worker.fetch.domain;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The HTTP request a job asks for, as the API accepted it (headers already vetted there).
 *
 * @param method upper-case HTTP method, one of GET HEAD POST PUT PATCH DELETE
 * @param url absolute http(s) URL
 * @param headers request headers as submitted, name to value; never null
 * @param body request body bytes, or null when the job has none
 * @param timeout the whole-attempt deadline: connect, headers and body
 * @param followRedirects whether the client asked for redirects to be followed
 */
public record FetchRequest(
    String method,
    URI url,
    Map<String, String> headers,
    byte[] body,
    Duration timeout,
    boolean followRedirects) {

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

  public FetchRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeout, "timeout");
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("unsupported method: " + method);
    }
    if (!url.isAbsolute()) {
      throw new IllegalArgumentException("url must be absolute");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    headers = Map.copyOf(headers == null ? Map.of() : headers);
  }

  /**
   * Header names and the body's size only: header values and bodies (credentials, often) never
   * reach a log line, whoever prints this request.
   */
  @Override
  public String toString() {
    return "FetchRequest[method="
        + method
        + ", url="
        + url
        + ", headerNames="
        + headers.keySet()
        + ", bodyBytes="
        + (body == null ? 0 : body.length)
        + ", timeout="
        + timeout
        + ", followRedirects="
        + followRedirects
        + "]";
  }
}
