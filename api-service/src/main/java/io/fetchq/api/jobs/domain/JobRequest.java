package io.fetchq.api.jobs.domain;

import io.fetchq.kernel.jobs.RetryPolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a job fetches and how. Constructed only from values that satisfy {@link JobRequestRules};
 * the web layer reports violations with pointers before it gets here, so a violation here is a
 * programming error.
 *
 * @param url absolute http/https URL
 * @param method the HTTP method
 * @param headers request headers (never null; the stored form keeps names and values, not their
 *     order)
 * @param body the request body, or null
 * @param timeout covers connect, response headers and body
 * @param followRedirects whether the worker follows redirects (each hop re-checked)
 * @param retryPolicy attempts and backoff
 * @param callbackUrl where to POST the terminal event, or null
 * @param metadata the client's flat string map, echoed back (never null)
 */
public record JobRequest(
    String url,
    HttpMethod method,
    Map<String, String> headers,
    RequestBody body,
    Duration timeout,
    boolean followRedirects,
    RetryPolicy retryPolicy,
    String callbackUrl,
    Map<String, String> metadata) {

  public JobRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers)));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metadata)));
    require("url", JobRequestRules.urlViolation(url).orElse(null));
    require("headers", JobRequestRules.headersViolation(headers).orElse(null));
    require("timeout", JobRequestRules.timeoutViolation((int) timeout.toMillis()).orElse(null));
    require("metadata", JobRequestRules.metadataViolation(metadata).orElse(null));
    if (callbackUrl != null) {
      require("callbackUrl", JobRequestRules.urlViolation(callbackUrl).orElse(null));
    }
  }

  private static void require(String field, String violation) {
    if (violation != null) {
      throw new IllegalArgumentException(field + " " + violation);
    }
  }

  /**
   * Header names and the body's presence only: header values and bodies (credentials, often) never
   * reach a log line, whoever prints this request.
   */
  @Override
  public String toString() {
    return "JobRequest[method="
        + method
        + ", url="
        + url
        + ", headerNames="
        + (headers == null ? "[]" : headers.keySet())
        + ", body="
        + (body == null ? "none" : "present")
        + ", timeout="
        + timeout
        + ", followRedirects="
        + followRedirects
        + ", callbackUrl="
        + callbackUrl
        + "]";
  }
}
