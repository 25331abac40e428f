package io.fetchq.api.batches.web;

import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.batches.domain.BatchStatus;
import io.fetchq.api.batches.usecase.GetBatch;
import io.fetchq.api.batches.usecase.ListBatchJobs;
import io.fetchq.api.batches.usecase.SubmitBatch;
import io.fetchq.api.batches.usecase.SubmitBatchCommand;
import io.fetchq.api.batches.usecase.SubmitBatchOutcome;
import io.fetchq.api.idempotency.domain.IdempotentResource;
import io.fetchq.api.idempotency.web.IdempotencyKeyHeader;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.web.JobListParameters;
import io.fetchq.api.jobs.web.JobPageResponse;
import io.fetchq.api.jobs.web.JobResponseMapper;
import io.fetchq.api.jobs.web.SubmitJobRequest;
import io.fetchq.api.ratelimit.web.RateLimitProblems;
import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.web.FieldViolation;
import io.fetchq.api.web.InvalidFieldsException;
import io.fetchq.api.web.JsonPointers;
import io.fetchq.api.web.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/batches}: submit a batch, read its progress, list its jobs. Maps HTTP to use cases
 * and nothing else.
 */
@RestController
@RequestMapping(path = BatchController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
public class BatchController {

  static final String PATH = "/api/v1/batches";

  private final SubmitBatch submitBatch;
  private final GetBatch getBatch;
  private final ListBatchJobs listBatchJobs;
  private final JobResponseMapper jobResponses;
  private final BatchRequestViolations violations;

  public BatchController(
      SubmitBatch submitBatch,
      GetBatch getBatch,
      ListBatchJobs listBatchJobs,
      JobResponseMapper jobResponses,
      BatchRequestViolations violations) {
    this.violations = violations;
    this.submitBatch = submitBatch;
    this.getBatch = getBatch;
    this.listBatchJobs = listBatchJobs;
    this.jobResponses = jobResponses;
  }

  @Operation(
      summary = "Submit a batch of jobs",
      description =
          "All or nothing: 202 means the batch and every job in it are durable and queued; one"
              + " invalid job refuses the whole batch with 422, errors pointing into it"
              + " (/jobs/17/url). 1..1000 jobs, each exactly as POST /api/v1/jobs takes it; the"
              + " body may be up to 32 MiB. jobIds follow the order of the jobs; their ids grow in"
              + " that order. The batch costs one rate-limit token per job (429 with Retry-After"
              + " when refused; nothing is created). With an Idempotency-Key: 200 and"
              + " Idempotent-Replayed: true with the original batch (its status as it is now) when"
              + " the same request was submitted before, 422 when the key was used with a"
              + " different request, 409 while the first is in flight.")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<BatchAcceptedResponse> submit(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @Parameter(
              in = ParameterIn.HEADER,
              name = IdempotencyKeyHeader.NAME,
              description = IdempotencyKeyHeader.DESCRIPTION,
              schema =
                  @Schema(type = "string", minLength = 1, maxLength = 255, pattern = "^[!-~]+$"))
          @RequestHeader(name = IdempotencyKeyHeader.NAME, required = false)
          String idempotencyKey,
      @RequestBody SubmitBatchRequest request) {
    List<FieldViolation> invalid = violations.of(request);
    if (!invalid.isEmpty()) {
      throw new InvalidFieldsException(invalid);
    }
    SubmitBatchCommand command =
        new SubmitBatchCommand(
            caller.tenantId(),
            request.jobs().stream().map(SubmitJobRequest::toJobRequest).toList(),
            request.callbackUrl(),
            IdempotencyKeyHeader.read(idempotencyKey, IdempotentResource.BATCH, request)
                .orElse(null));
    return switch (submitBatch.submit(command)) {
      case SubmitBatchOutcome.Accepted accepted ->
          ResponseEntity.accepted()
              .location(URI.create(PATH + "/" + accepted.batch().id()))
              .body(
                  new BatchAcceptedResponse(
                      accepted.batch().id().value(),
                      accepted.batch().size(),
                      BatchStatus.RUNNING.wireName(),
                      accepted.jobs().stream().map(job -> job.id().value()).toList(),
                      accepted.batch().createdAt()));
      case SubmitBatchOutcome.Replayed replayed ->
          ResponseEntity.ok()
              .location(URI.create(PATH + "/" + replayed.batch().batch().id()))
              .header(IdempotencyKeyHeader.REPLAYED, "true")
              .body(
                  new BatchAcceptedResponse(
                      replayed.batch().batch().id().value(),
                      replayed.batch().batch().size(),
                      replayed.batch().status().wireName(),
                      replayed.jobIds().stream().map(JobId::value).toList(),
                      replayed.batch().batch().createdAt()));
      case SubmitBatchOutcome.KeyReused reused -> throw IdempotencyKeyHeader.keyReused();
      case SubmitBatchOutcome.KeyInFlight inFlight -> throw IdempotencyKeyHeader.keyInFlight();
      case SubmitBatchOutcome.RateLimited limited ->
          throw RateLimitProblems.tooManyRequests(limited.decision());
      case SubmitBatchOutcome.DestinationsRefused refused ->
          throw new InvalidFieldsException(
              refused.refusals().stream()
                  .map(r -> new FieldViolation(JsonPointers.of(r.path()), r.reason()))
                  .toList());
    };
  }

  @Operation(
      summary = "Read a batch",
      description =
          "The batch with the count of its jobs per status. completed once every job is"
              + " completed, failed or cancelled; completedAt is when the last one became terminal."
              + " 404 when the batch does not exist or belongs to another tenant.")
  @GetMapping("/{id}")
  public BatchResponse get(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @PathVariable UUID id) {
    return getBatch
        .get(caller.tenantId(), new BatchId(id))
        .map(BatchResponse::of)
        .orElseThrow(() -> notFound(id));
  }

  @Operation(
      summary = "List a batch's jobs",
      description =
          "The batch's jobs, newest first (the last submitted first), paginated like GET"
              + " /api/v1/jobs. 404 when the batch does not exist or belongs to another tenant.")
  @GetMapping("/{id}/jobs")
  public JobPageResponse jobs(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @PathVariable UUID id,
      @Parameter(
              description = "Only jobs in this status.",
              schema =
                  @Schema(
                      allowableValues = {
                        "queued",
                        "running",
                        "retrying",
                        "completed",
                        "failed",
                        "cancelled"
                      }))
          @RequestParam(required = false)
          String status,
      @Parameter(
              description = "Page size.",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
          @RequestParam(required = false)
          String limit,
      @Parameter(description = "nextCursor of the previous page.") @RequestParam(required = false)
          String cursor) {
    JobListParameters parameters = JobListParameters.parse(status, null, limit, cursor);
    return listBatchJobs
        .list(
            caller.tenantId(),
            new BatchId(id),
            parameters.status(),
            parameters.before(),
            parameters.limit())
        .map(jobResponses::toPageResponse)
        .orElseThrow(() -> notFound(id));
  }

  private static ResourceNotFoundException notFound(UUID id) {
    return new ResourceNotFoundException("No batch with id " + id + " exists.");
  }
}
