package io.fetchq.api.jobs.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The final HTTP response a job received.
 *
 * @param statusCode the HTTP status
 * @param headers response headers, lowercase names, repeated values joined with ", "
 * @param body the stored body: the whole body, or its prefix when {@code bodyTruncated}
 * @param bodyTruncated whether the body exceeded the stored-body cap
 * @param bodySize the full body size when known, otherwise null
 * @param durationMs how long the attempt took, connect to last byte
 * @param fetchedAt when the response was complete
 */
public record JobResult(
    int statusCode,
    Map<String, String> headers,
    byte[] body,
    boolean bodyTruncated,
    Long bodySize,
    long durationMs,
    Instant fetchedAt) {

  public JobResult {
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    body = Objects.requireNonNull(body, "body").clone();
    Objects.requireNonNull(fetchedAt, "fetchedAt");
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /**
   * Whether the body is text and is shown as {@code body} (UTF-8 decoded) rather than {@code
   * bodyBase64}: {@code text/*}, JSON, XML, JavaScript, form data and their {@code +json}/{@code
   * +xml} variants. A response without a content type is treated as binary.
   */
  public boolean isTextual() {
    String contentType = headers.get("content-type");
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return type.startsWith("text/")
        || type.endsWith("+json")
        || type.endsWith("+xml")
        || type.equals("application/json")
        || type.equals("application/xml")
        || type.equals("application/javascript")
        || type.equals("application/x-www-form-urlencoded")
        || type.equals("application/x-ndjson")
        || type.equals("application/graphql");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobResult r
        && statusCode == r.statusCode
        && headers.equals(r.headers)
        && Arrays.equals(body, r.body)
        && bodyTruncated == r.bodyTruncated
        && Objects.equals(bodySize, r.bodySize)
        && durationMs == r.durationMs
        && fetchedAt.equals(r.fetchedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(statusCode, headers, Arrays.hashCode(body), bodySize, fetchedAt);
  }

  @Override
  public String toString() {
    return "JobResult[status=" + statusCode + ", " + body.length + " bytes]";
  }
}
