package io.fetchq.api.jobs.web;

import io.fetchq.api.jobs.domain.CallbackDelivery;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobAttempt;
import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.domain.JobResult;
import io.fetchq.api.jobs.domain.RequestBody;
import io.fetchq.api.jobs.usecase.JobPage;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders a {@link Job} as {@link JobResponse} (and its attempts as {@link JobAttemptsResponse}):
 * masks sensitive request header values, shows the request body the way it was submitted and the
 * result body as text or base64.
 */
public final class JobResponseMapper {

  /** What a sensitive header value is replaced with. */
  public static final String MASK = "***";

  private final Set<String> sensitiveHeaders;

  /**
   * @param sensitiveHeaders names whose values are masked, compared case-insensitively
   */
  public JobResponseMapper(Collection<String> sensitiveHeaders) {
    this.sensitiveHeaders =
        sensitiveHeaders.stream()
            .map(name -> name.strip().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  public JobResponse toResponse(Job job) {
    return new JobResponse(
        job.id().value(),
        job.status().wireName(),
        job.batchId(),
        request(job.request()),
        job.attempts(),
        job.maxAttempts(),
        job.nextAttemptAt(),
        job.createdAt(),
        job.updatedAt(),
        job.completedAt(),
        job.result() == null ? null : result(job.result()),
        job.lastError() == null ? null : error(job.lastError()),
        callback(job),
        job.request().metadata());
  }

  private static JobResponse.CallbackView callback(Job job) {
    String url = job.request().callbackUrl();
    if (url == null) {
      return null;
    }
    CallbackDelivery delivery =
        job.callback() == null ? CallbackDelivery.NOT_ATTEMPTED : job.callback();
    return new JobResponse.CallbackView(
        url, delivery.status().wireName(), delivery.attempts(), delivery.lastResponseCode());
  }

  /** Renders a page of a job listing; the next page's id becomes an opaque cursor. */
  public JobPageResponse toPageResponse(JobPage page) {
    return new JobPageResponse(
        page.items().stream().map(this::toResponse).toList(),
        page.nextIfAny().map(JobCursor::encode).orElse(null));
  }

  /** Renders the attempts of a job, in the order given. */
  public JobAttemptsResponse toAttemptsResponse(List<JobAttempt> attempts) {
    return new JobAttemptsResponse(
        attempts.stream()
            .map(
                attempt ->
                    new JobAttemptsResponse.AttemptView(
                        attempt.attempt(),
                        attempt.startedAt(),
                        attempt.durationMs(),
                        attempt.outcome().wireName(),
                        attempt.statusCode(),
                        attempt.error() == null ? null : error(attempt.error())))
            .toList());
  }

  private JobResponse.JobRequestView request(JobRequest request) {
    RequestBody body = request.body();
    RetryPolicy retry = request.retryPolicy();
    return new JobResponse.JobRequestView(
        request.url(),
        request.method().name(),
        masked(request.headers()),
        body == null || body.submittedAsBase64()
            ? null
            : new String(body.bytes(), StandardCharsets.UTF_8),
        body == null || !body.submittedAsBase64()
            ? null
            : Base64.getEncoder().encodeToString(body.bytes()),
        (int) request.timeout().toMillis(),
        request.followRedirects(),
        new JobResponse.RetryView(
            retry.maxAttempts(),
            retry.initialDelay().toMillis(),
            retry.multiplier(),
            retry.maxDelay().toMillis()));
  }

  private Map<String, String> masked(Map<String, String> headers) {
    Map<String, String> shown = new LinkedHashMap<>();
    headers.forEach(
        (name, value) ->
            shown.put(
                name, sensitiveHeaders.contains(name.toLowerCase(Locale.ROOT)) ? MASK : value));
    return shown;
  }

  private static JobResponse.ResultView result(JobResult result) {
    byte[] body = result.body();
    boolean textual = result.isTextual();
    return new JobResponse.ResultView(
        result.statusCode(),
        new TreeMap<>(result.headers()),
        textual ? new String(body, StandardCharsets.UTF_8) : null,
        textual ? null : Base64.getEncoder().encodeToString(body),
        result.bodyTruncated(),
        result.bodySize(),
        result.durationMs(),
        result.fetchedAt());
  }

  private static JobResponse.ErrorView error(JobError error) {
    return new JobResponse.ErrorView(error.type(), error.message());
  }
}
