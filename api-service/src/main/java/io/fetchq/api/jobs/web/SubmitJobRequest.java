package io.fetchq.api.jobs.web;

import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.domain.JobRequestRules;
import io.fetchq.api.jobs.domain.RequestBody;
import io.fetchq.api.jobs.web.validation.Base64Body;
import io.fetchq.api.jobs.web.validation.BodyChoice;
import io.fetchq.api.jobs.web.validation.DistinctHeaderNames;
import io.fetchq.api.jobs.web.validation.FlatMetadata;
import io.fetchq.api.jobs.web.validation.HttpHeaderName;
import io.fetchq.api.jobs.web.validation.HttpHeaderValue;
import io.fetchq.api.jobs.web.validation.HttpUrl;
import io.fetchq.api.jobs.web.validation.SingleBody;
import io.fetchq.api.jobs.web.validation.TextBody;
import io.fetchq.kernel.jobs.RetryPolicy;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/jobs} (API.md "Jobs"). Only {@code url} is required; every other
 * field has a default. Unknown fields are refused by the API's JSON dialect.
 */
@SingleBody
@Schema(description = "A fetch job to run. Only url is required.")
public record SubmitJobRequest(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            maxLength = JobRequestRules.MAX_URL_LENGTH,
            example = "https://example.org/data.json",
            description = "Absolute http or https URL without user-info.")
        @NotNull(message = "is required") @HttpUrl
        String url,
    @Schema(defaultValue = "GET") HttpMethod method,
    @Schema(
            description =
                "At most 50 request headers. Names are HTTP tokens, unique ignoring case;"
                    + " hop-by-hop and framing headers (Host, Content-Length, Connection,"
                    + " Transfer-Encoding, ...) are refused. Sensitive values are shown as ***.")
        @Size(max = JobRequestRules.MAX_HEADERS, message = "must have at most 50 headers") @DistinctHeaderNames
        Map<@HttpHeaderName String, @HttpHeaderValue String> headers,
    @Schema(description = "Text body, at most 256 KiB as UTF-8. Never together with bodyBase64.")
        @TextBody
        String body,
    @Schema(description = "Binary body, base64, at most 256 KiB decoded. Never together with body.")
        @Base64Body
        String bodyBase64,
    @Schema(defaultValue = "10000", minimum = "100", maximum = "60000")
        @Min(value = JobRequestRules.MIN_TIMEOUT_MS, message = "must be between 100 and 60000") @Max(value = JobRequestRules.MAX_TIMEOUT_MS, message = "must be between 100 and 60000") Integer timeoutMs,
    @Schema(defaultValue = "true") Boolean followRedirects,
    @Valid RetryRequest retry,
    @Schema(description = "Where fetchq POSTs the terminal event. Same rules as url.") @HttpUrl
        String callbackUrl,
    @Schema(description = "Flat string map echoed back, at most 4 KiB serialized.") @FlatMetadata
        Map<String, String> metadata)
    implements BodyChoice {

  /** The domain request, defaults applied. Call only once validated. */
  public JobRequest toJobRequest() {
    return new JobRequest(
        url,
        method == null ? HttpMethod.GET : method,
        headers == null ? Map.of() : headers,
        requestBody(),
        Duration.ofMillis(timeoutMs == null ? JobRequestRules.DEFAULT_TIMEOUT_MS : timeoutMs),
        followRedirects == null || followRedirects,
        retry == null ? RetryPolicy.DEFAULT : retry.toPolicy(),
        callbackUrl,
        metadata == null ? Map.of() : metadata);
  }

  private RequestBody requestBody() {
    if (body != null) {
      return new RequestBody(body.getBytes(StandardCharsets.UTF_8), false);
    }
    if (bodyBase64 != null) {
      return new RequestBody(Base64.getDecoder().decode(bodyBase64), true);
    }
    return null;
  }

  /**
   * Header names and the bodies' presence only: Spring MVC prints the request it read at DEBUG, and
   * header values and bodies (credentials, often) must never reach a log line.
   */
  @Override
  public String toString() {
    return "SubmitJobRequest[url="
        + url
        + ", method="
        + method
        + ", headerNames="
        + (headers == null ? "[]" : headers.keySet())
        + ", body="
        + (body == null && bodyBase64 == null ? "none" : "present")
        + ", callbackUrl="
        + callbackUrl
        + "]";
  }
}
