package io.fetchq.worker.fetch.domain;

import java.util.Map;
import java.util.Objects;

/**
 * The final HTTP response of an attempt: after following redirects when the job asks for it, so a
 * 3xx is final only when redirects are off or its Location cannot be followed.
 *
 * @param statusCode the HTTP status code
 * @param headers lowercase header names, repeated values joined with ", "; never null
 * @param body the body, or its first {@code cap} bytes when {@code bodyTruncated}; never null
 * @param bodyTruncated whether the body was longer than the cap
 * @param bodySize the full body size when known (Content-Length, or bytes read when read to the
 *     end); null when truncated and the size is unknown
 * @param durationMs from sending the request to the end of the body
 */
public record FetchResponse(
    int statusCode,
    Map<String, String> headers,
    byte[] body,
    boolean bodyTruncated,
    Long bodySize,
    long durationMs)
    implements FetchResult {

  public FetchResponse {
    Objects.requireNonNull(body, "body");
    if (statusCode < 100 || statusCode > 999) {
      throw new IllegalArgumentException("statusCode out of range: " + statusCode);
    }
    headers = Map.copyOf(headers == null ? Map.of() : headers);
  }
}
