package io.fetchq.api.streams.web;

import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.batches.web.BatchResponse;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.web.JobResponseMapper;
import io.fetchq.api.streams.usecase.StatusStreams;
import io.fetchq.api.streams.usecase.StreamOpening;
import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.web.ProblemException;
import io.fetchq.api.web.ProblemType;
import io.fetchq.api.web.ResourceNotFoundException;
import io.fetchq.api.web.openapi.ApiComponents;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/jobs/{id}/events} and {@code GET /api/v1/batches/{id}/events}: a job's or a
 * batch's status changes as Server-Sent Events, until its terminal state. Maps HTTP to {@link
 * StatusStreams} and nothing else; every stream ends after {@code maxLifetime} at the latest (the
 * client reconnects and gets the current state at once).
 */
@RestController
public class StatusStreamController {

  private final StatusStreams streams;
  private final JobResponseMapper jobResponses;
  private final long maxLifetimeMillis;

  public StatusStreamController(
      StatusStreams streams, JobResponseMapper jobResponses, StatusStreamLifetime maxLifetime) {
    this.streams = Objects.requireNonNull(streams, "streams");
    this.jobResponses = Objects.requireNonNull(jobResponses, "jobResponses");
    this.maxLifetimeMillis = maxLifetime.value().toMillis();
  }

  @Operation(
      operationId = "streamJobEvents",
      summary = "Follow a job's status",
      description =
          "Server-Sent Events. The first event is the current state, sent at once; then one event"
              + " per status change, until the job is completed, failed or cancelled, after which"
              + " the stream closes (a client connecting after that gets the final state at once,"
              + " then the close). Each event has `event: job`, `id:` a sequence number from 1,"
              + " and `data:` the job exactly as GET /api/v1/jobs/{id} returns it, on one line. A"
              + " comment `: keep-alive` is sent every 15 s. A stream lasts at most 30 minutes"
              + " (setting); reconnect to go on. 404 when the job does not exist or belongs to"
              + " another tenant; 503 (service-unavailable) when this instance serves its maximum"
              + " number of streams.",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The event stream.",
            content =
                @Content(
                    mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(type = "string"))),
        @ApiResponse(
            responseCode = "503",
            description = "This instance serves its maximum number of streams; retry later.",
            content =
                @Content(
                    mediaType = ApiComponents.PROBLEM_JSON,
                    schema = @Schema(ref = "#/components/schemas/" + ApiComponents.PROBLEM_SCHEMA)))
      })
  @GetMapping(path = "/api/v1/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter jobEvents(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @PathVariable UUID id) {
    SseEmitter emitter = new SseEmitter(maxLifetimeMillis);
    StreamOpening opening =
        streams.openJob(
            caller.tenantId(),
            new JobId(id),
            new SseStreamSink<>(emitter, "job", jobResponses::toResponse));
    return follow(emitter, opening, "No job with id " + id + " exists.");
  }

  @Operation(
      operationId = "streamBatchEvents",
      summary = "Follow a batch's progress",
      description =
          "Server-Sent Events. The first event is the current state, sent at once; then one event"
              + " per change of the batch's status or counts, until the batch is completed, after"
              + " which the stream closes (a client connecting after that gets the final state at"
              + " once, then the close). Each event has `event: batch`, `id:` a sequence number"
              + " from 1, and `data:` the batch exactly as GET /api/v1/batches/{id} returns it, on"
              + " one line. A comment `: keep-alive` is sent every 15 s. A stream lasts at most 30"
              + " minutes (setting); reconnect to go on. 404 when the batch does not exist or"
              + " belongs to another tenant; 503 (service-unavailable) when this instance serves"
              + " its maximum number of streams.",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The event stream.",
            content =
                @Content(
                    mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(type = "string"))),
        @ApiResponse(
            responseCode = "503",
            description = "This instance serves its maximum number of streams; retry later.",
            content =
                @Content(
                    mediaType = ApiComponents.PROBLEM_JSON,
                    schema = @Schema(ref = "#/components/schemas/" + ApiComponents.PROBLEM_SCHEMA)))
      })
  @GetMapping(path = "/api/v1/batches/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter batchEvents(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @PathVariable UUID id) {
    SseEmitter emitter = new SseEmitter(maxLifetimeMillis);
    StreamOpening opening =
        streams.openBatch(
            caller.tenantId(),
            new BatchId(id),
            new SseStreamSink<>(emitter, "batch", BatchResponse::of));
    return follow(emitter, opening, "No batch with id " + id + " exists.");
  }

  private static SseEmitter follow(SseEmitter emitter, StreamOpening opening, String notFound) {
    return switch (opening) {
      case StreamOpening.Opened opened -> {
        emitter.onCompletion(opened.stream()::cancel);
        emitter.onError(error -> opened.stream().cancel());
        emitter.onTimeout(
            () -> {
              opened.stream().cancel();
              emitter.complete();
            });
        yield emitter;
      }
      case StreamOpening.NotFound missing -> throw new ResourceNotFoundException(notFound);
      case StreamOpening.TooManyStreams full ->
          throw new ProblemException(
              ProblemType.SERVICE_UNAVAILABLE,
              "This instance serves its maximum of "
                  + full.limit()
                  + " event streams; retry later.");
    };
  }
}
