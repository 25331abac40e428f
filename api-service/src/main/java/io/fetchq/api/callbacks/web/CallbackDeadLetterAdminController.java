package io.fetchq.api.callbacks.web;

import io.fetchq.api.callbacks.domain.WebhookEventId;
import io.fetchq.api.callbacks.usecase.CallbackReplayOutcome;
import io.fetchq.api.callbacks.usecase.ListCallbackDeadLetters;
import io.fetchq.api.callbacks.usecase.ReplayCallbackDeadLetter;
import io.fetchq.api.callbacks.usecase.ReplayCallbackDeadLetters;
import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.web.ProblemException;
import io.fetchq.api.web.ProblemType;
import io.fetchq.api.web.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/admin/callback-dead-letters} (scope {@code admin}): the webhook events whose
 * delivery was given up, listed and replayed (one or in bulk). An administrator of the {@code
 * system} tenant acts on every tenant's entries; any other tenant's administrator only on its own
 * (another tenant's entries answer 404 and are never listed).
 */
@RestController
@RequestMapping(
    path = CallbackDeadLetterAdminController.PATH,
    produces = MediaType.APPLICATION_JSON_VALUE)
public class CallbackDeadLetterAdminController {

  static final String PATH = "/api/v1/admin/callback-dead-letters";

  private final ListCallbackDeadLetters list;
  private final ReplayCallbackDeadLetter replayOne;
  private final ReplayCallbackDeadLetters replayMany;

  public CallbackDeadLetterAdminController(
      ListCallbackDeadLetters list,
      ReplayCallbackDeadLetter replayOne,
      ReplayCallbackDeadLetters replayMany) {
    this.list = list;
    this.replayOne = replayOne;
    this.replayMany = replayMany;
  }

  @Operation(
      summary = "List callback dead letters",
      description =
          "Webhook events whose delivery was given up (the redelivery schedule ran out, or the"
              + " receiver answered 410 Gone), newest failure first (failedAt, then id,"
              + " descending). Filters: tenantId, type (job.completed, job.failed, job.cancelled,"
              + " batch.completed), since (inclusive) and until (exclusive) as RFC 3339"
              + " timestamps. limit 1..200 (default 50); cursor is the nextCursor of the previous"
              + " page. A bad parameter (or a cursor this API did not return) is 400"
              + " invalid-parameter naming it.")
  @GetMapping
  public CallbackDeadLetterListResponse list(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @Parameter(description = "Only this tenant's entries.", schema = @Schema(format = "uuid"))
          @RequestParam(required = false)
          String tenantId,
      @Parameter(
              description = "Only events of this type.",
              schema =
                  @Schema(
                      allowableValues = {
                        "job.completed",
                        "job.failed",
                        "job.cancelled",
                        "batch.completed"
                      }))
          @RequestParam(required = false)
          String type,
      @Parameter(
              description = "Only entries that failed at or after this time (RFC 3339).",
              schema = @Schema(format = "date-time"))
          @RequestParam(required = false)
          String since,
      @Parameter(
              description = "Only entries that failed before this time (RFC 3339).",
              schema = @Schema(format = "date-time"))
          @RequestParam(required = false)
          String until,
      @Parameter(
              description = "Page size.",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
          @RequestParam(required = false)
          String limit,
      @Parameter(description = "nextCursor of the previous page.") @RequestParam(required = false)
          String cursor) {
    CallbackDeadLetterQuery query =
        CallbackDeadLetterQuery.parse(tenantId, type, since, until, limit, cursor);
    return CallbackDeadLetterListResponse.of(
        list.list(actor(caller), query.filter(), query.after(), query.limit()));
  }

  @Operation(
      summary = "Replay a callback dead letter",
      description =
          "202 with the entry: the event is queued for delivery again, in one transaction, with a"
              + " fresh round of attempts (attempts 0, lastError, lastResponseCode and failedAt"
              + " cleared, replayCount incremented) and the same id, so the receiver sees the same"
              + " webhook-id and payload. The job's callback shows pending again. 404 for an"
              + " unknown event (or another tenant's); 409 callback-not-replayable when the"
              + " event's delivery has not failed (it is pending or delivered) or its job or"
              + " batch disappeared before its payload was rendered.")
  @ApiResponse(responseCode = "202", description = "Replayed", useReturnTypeSchema = true)
  @PostMapping("/{id}/replay")
  public ResponseEntity<CallbackDeadLetterResponse> replay(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @PathVariable UUID id) {
    return switch (replayOne.replay(actor(caller), new WebhookEventId(id))) {
      case CallbackReplayOutcome.Replayed replayed ->
          ResponseEntity.accepted().body(CallbackDeadLetterResponse.of(replayed.entry()));
      case CallbackReplayOutcome.NotFound missing ->
          throw new ResourceNotFoundException("No callback dead letter with id " + id + " exists.");
      case CallbackReplayOutcome.NotReplayable refused ->
          throw new ProblemException(ProblemType.CALLBACK_NOT_REPLAYABLE, refused.reason());
    };
  }

  @Operation(
      summary = "Replay callback dead letters in bulk",
      description =
          "Replays the entries matching the filter (same fields as the list; {} is every entry"
              + " in the caller's scope), newest failure first, at most limit (1..10000, default"
              + " 1000), in one transaction, each exactly like a single replay. Answers matched"
              + " and replayed (equal). dryRun: answers matched with replayed 0 and changes"
              + " nothing. Entries whose job or batch disappeared before rendering are never"
              + " matched.")
  @ApiResponse(
      responseCode = "202",
      description = "Replayed (or counted, on a dry run)",
      useReturnTypeSchema = true)
  @PostMapping(path = "/replay", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<CallbackBulkReplayResponse> replayInBulk(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @Valid @RequestBody CallbackBulkReplayRequest request) {
    ReplayCallbackDeadLetters.Outcome outcome =
        replayMany.replay(
            actor(caller),
            CallbackDeadLetterQuery.filter(request.filter()),
            request.limit() == null ? CallbackBulkReplayRequest.DEFAULT_LIMIT : request.limit(),
            Boolean.TRUE.equals(request.dryRun()));
    return ResponseEntity.accepted()
        .body(new CallbackBulkReplayResponse(outcome.matched(), outcome.replayed()));
  }

  private static AdminActor actor(ApiPrincipal caller) {
    return new AdminActor(
        caller.tenantId(), caller.keyId() == null ? null : caller.keyId().value());
  }
}
