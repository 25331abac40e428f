package io.fetchq.api.jobs.web;

import io.fetchq.api.idempotency.domain.IdempotentResource;
import io.fetchq.api.idempotency.web.IdempotencyKeyHeader;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.usecase.CancelJob;
import io.fetchq.api.jobs.usecase.CancelOutcome;
import io.fetchq.api.jobs.usecase.GetJob;
import io.fetchq.api.jobs.usecase.ListJobAttempts;
import io.fetchq.api.jobs.usecase.SubmitJob;
import io.fetchq.api.jobs.usecase.SubmitJobCommand;
import io.fetchq.api.jobs.usecase.SubmitOutcome;
import io.fetchq.api.ratelimit.web.RateLimitProblems;
import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.web.FieldViolation;
import io.fetchq.api.web.InvalidFieldsException;
import io.fetchq.api.web.JsonPointers;
import io.fetchq.api.web.ProblemException;
import io.fetchq.api.web.ProblemType;
import io.fetchq.api.web.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/jobs}: submit, read and cancel a job, list its attempts. Maps HTTP to use cases
 * and nothing else.
 */
@RestController
@RequestMapping(path = JobController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
public class JobController {

  static final String PATH = "/api/v1/jobs";

  private final SubmitJob submitJob;
  private final GetJob getJob;
  private final CancelJob cancelJob;
  private final ListJobAttempts listJobAttempts;
  private final JobResponseMapper responses;

  public JobController(
      SubmitJob submitJob,
      GetJob getJob,
      CancelJob cancelJob,
      ListJobAttempts listJobAttempts,
      JobResponseMapper responses) {
    this.submitJob = submitJob;
    this.getJob = getJob;
    this.cancelJob = cancelJob;
    this.listJobAttempts = listJobAttempts;
    this.responses = responses;
  }

  @Operation(
      summary = "Submit a fetch job",
      description =
          "202: the job is durable and will reach a terminal state. The body is the job as GET"
              + " returns it; Location points at it. With an Idempotency-Key: 200 and"
              + " Idempotent-Replayed: true when the same request was submitted before, 422 when"
              + " the key was used with a different request, 409 while the first is in flight."
              + " 429 (rate-limited) with Retry-After when the tenant's or the global rate limit is"
              + " exhausted; nothing is created then.")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<JobResponse> submit(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @Parameter(
              in = ParameterIn.HEADER,
              name = IdempotencyKeyHeader.NAME,
              description = IdempotencyKeyHeader.DESCRIPTION,
              schema =
                  @Schema(type = "string", minLength = 1, maxLength = 255, pattern = "^[!-~]+$"))
          @RequestHeader(name = IdempotencyKeyHeader.NAME, required = false)
          String idempotencyKey,
      @Valid @RequestBody SubmitJobRequest request) {
    SubmitOutcome outcome =
        submitJob.submit(
            new SubmitJobCommand(
                caller.tenantId(),
                request.toJobRequest(),
                IdempotencyKeyHeader.read(idempotencyKey, IdempotentResource.JOB, request)
                    .orElse(null)));
    return switch (outcome) {
      case SubmitOutcome.Accepted accepted ->
          ResponseEntity.accepted()
              .location(location(accepted.job()))
              .body(responses.toResponse(accepted.job()));
      case SubmitOutcome.Replayed replayed ->
          ResponseEntity.ok()
              .location(location(replayed.job()))
              .header(IdempotencyKeyHeader.REPLAYED, "true")
              .body(responses.toResponse(replayed.job()));
      case SubmitOutcome.KeyReused reused -> throw IdempotencyKeyHeader.keyReused();
      case SubmitOutcome.KeyInFlight inFlight -> throw IdempotencyKeyHeader.keyInFlight();
      case SubmitOutcome.RateLimited limited ->
          throw RateLimitProblems.tooManyRequests(limited.decision());
      case SubmitOutcome.DestinationRefused refused ->
          throw new InvalidFieldsException(
              List.of(new FieldViolation(JsonPointers.of(refused.field()), refused.reason())));
    };
  }

  private static URI location(Job job) {
    return URI.create(PATH + "/" + job.id());
  }

  @Operation(
      summary = "Read a job",
      description = "404 when the job does not exist or belongs to another tenant.")
  @GetMapping("/{id}")
  public JobResponse get(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @PathVariable UUID id) {
    return getJob
        .get(caller.tenantId(), new JobId(id))
        .map(responses::toResponse)
        .orElseThrow(() -> notFound(id));
  }

  @Operation(
      operationId = "listJobAttempts",
      summary = "List a job's attempts",
      description =
          "Every attempt of the job's current run (since its last dead-letter replay), ordered by"
              + " attempt number. 404 when the job does not exist or belongs to another tenant.")
  @GetMapping("/{id}/attempts")
  public JobAttemptsResponse attempts(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @PathVariable UUID id) {
    return listJobAttempts
        .list(caller.tenantId(), new JobId(id))
        .map(responses::toAttemptsResponse)
        .orElseThrow(() -> notFound(id));
  }

  @Operation(
      summary = "Cancel a job",
      description =
          "200 with the cancelled job when it was queued or retrying; it is never fetched"
              + " afterwards. 409 (job-not-cancellable) in any other state. 404 when the job does"
              + " not exist or belongs to another tenant.")
  @DeleteMapping("/{id}")
  public JobResponse cancel(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @PathVariable UUID id) {
    return switch (cancelJob.cancel(caller.tenantId(), new JobId(id))) {
      case CancelOutcome.Cancelled cancelled -> responses.toResponse(cancelled.job());
      case CancelOutcome.NotCancellable refused ->
          throw new ProblemException(
              ProblemType.JOB_NOT_CANCELLABLE,
              "The job is "
                  + refused.status().wireName()
                  + "; only queued or retrying jobs can be cancelled.");
      case CancelOutcome.NotFound missing -> throw notFound(id);
    };
  }

  private static ResourceNotFoundException notFound(UUID id) {
    return new ResourceNotFoundException("No job with id " + id + " exists.");
  }
}
