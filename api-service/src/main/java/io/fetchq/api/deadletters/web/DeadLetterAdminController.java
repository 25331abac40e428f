package io.fetchq.api.deadletters.web;

import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.deadletters.domain.ReplayRunId;
import io.fetchq.api.deadletters.usecase.BulkReplayCommand;
import io.fetchq.api.deadletters.usecase.BulkReplayOutcome;
import io.fetchq.api.deadletters.usecase.DiscardDeadLetter;
import io.fetchq.api.deadletters.usecase.GetReplayRun;
import io.fetchq.api.deadletters.usecase.ListDeadLetterAudit;
import io.fetchq.api.deadletters.usecase.ListDeadLetters;
import io.fetchq.api.deadletters.usecase.OperatorReplay;
import io.fetchq.api.deadletters.usecase.ReplayOutcome;
import io.fetchq.api.deadletters.usecase.StartBulkReplay;
import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.web.FieldViolation;
import io.fetchq.api.web.InvalidFieldsException;
import io.fetchq.api.web.ProblemException;
import io.fetchq.api.web.ProblemType;
import io.fetchq.api.web.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/admin/dead-letters} (scope {@code admin}): list, replay (one or in bulk,
 * throttled, optionally behind a canary), discard, and the audit log. An administrator of the
 * {@code system} tenant acts on every tenant's entries; any other tenant's administrator only on
 * its own (another tenant's entries answer 404 and are never listed).
 */
@RestController
@RequestMapping(path = DeadLetterAdminController.ADMIN, produces = MediaType.APPLICATION_JSON_VALUE)
public class DeadLetterAdminController {

  static final String ADMIN = "/api/v1/admin";

  static final String PATH = ADMIN + "/dead-letters";

  /**
   * Bulk replay runs. Not under {@code /dead-letters/replays}: that would be ambiguous with {@code
   * /dead-letters/{id}/replay} (OpenAPI lint rule no-ambiguous-paths).
   */
  static final String RUNS = ADMIN + "/dead-letter-replays";

  private final ListDeadLetters listDeadLetters;
  private final OperatorReplay operatorReplay;
  private final DiscardDeadLetter discardDeadLetter;
  private final StartBulkReplay startBulkReplay;
  private final GetReplayRun getReplayRun;
  private final ListDeadLetterAudit listAudit;

  public DeadLetterAdminController(
      ListDeadLetters listDeadLetters,
      OperatorReplay operatorReplay,
      DiscardDeadLetter discardDeadLetter,
      StartBulkReplay startBulkReplay,
      GetReplayRun getReplayRun,
      ListDeadLetterAudit listAudit) {
    this.listDeadLetters = listDeadLetters;
    this.operatorReplay = operatorReplay;
    this.discardDeadLetter = discardDeadLetter;
    this.startBulkReplay = startBulkReplay;
    this.getReplayRun = getReplayRun;
    this.listAudit = listAudit;
  }

  @Operation(
      summary = "List dead letters",
      description =
          "Newest failure first (failedAt, then id, descending), one entry per dead-lettered job."
              + " Filters: tenantId, host (the URL's host name without port, case-insensitive),"
              + " errorType (lastError.type), since (inclusive) and until (exclusive) as RFC 3339"
              + " timestamps, state: dead (default: entries waiting for an operator), replayed"
              + " (entries whose job is being retried after a replay; a replayed job that fails"
              + " again is dead again, with its replayCount kept) or all. limit 1..200 (default"
              + " 50); cursor is the nextCursor of the previous page. A bad parameter (or a"
              + " cursor this API did not return) is 400 naming the parameter.")
  @GetMapping("/dead-letters")
  public DeadLetterListResponse list(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @RequestParam(required = false) String tenantId,
      @RequestParam(required = false) String host,
      @RequestParam(required = false) String errorType,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String until,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    DeadLetterFilter filter =
        QueryParameters.filter(tenantId, host, errorType, since, until, state);
    return DeadLetterListResponse.of(
        listDeadLetters.list(
            actor(caller), filter, QueryParameters.cursor(cursor), QueryParameters.limit(limit)));
  }

  @Operation(
      summary = "Replay a dead letter",
      description =
          "202 with the entry: its job is queued again in its next generation with a fresh"
              + " attempt budget (attempts, last error and result cleared), the entry is"
              + " 'replayed' and its replayCount incremented; the replay is audited. 404 for an"
              + " unknown entry (or another tenant's); 409 dead-letter-not-replayable when the"
              + " entry is not 'dead' (already replayed and its job has not failed again) or its"
              + " job is no longer failed.")
  @ApiResponse(responseCode = "202", description = "Replayed", useReturnTypeSchema = true)
  @PostMapping("/dead-letters/{id}/replay")
  public ResponseEntity<DeadLetterResponse> replay(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @PathVariable UUID id) {
    return switch (operatorReplay.replay(actor(caller), new DeadLetterId(id))) {
      case ReplayOutcome.Replayed replayed ->
          ResponseEntity.accepted()
              .location(URI.create("/api/v1/jobs/" + replayed.job().id().value()))
              .body(DeadLetterResponse.of(replayed.entry()));
      case ReplayOutcome.NotFound missing -> throw notFound(id);
      case ReplayOutcome.NotReplayable refused ->
          throw new ProblemException(ProblemType.DEAD_LETTER_NOT_REPLAYABLE, refused.reason());
    };
  }

  @Operation(
      summary = "Replay dead letters in bulk",
      description =
          "Matches the 'dead' entries of the filter (same fields as the list; tenantId limits to"
              + " one tenant) that were replayed fewer than fetchq.api.dead-letters.max-bulk-replays"
              + " times (default 3; entries that keep failing need a single replay), newest first,"
              + " at most limit (1..100000, default 10000). dryRun: answers the count, changes"
              + " nothing (replayed 0). Otherwise the matched entries are snapshot into a durable"
              + " replay run, and 202 answers matched and replayed = the number scheduled for"
              + " replay, with the run's id and Location. The API instances replay the run in the"
              + " background at fetchq.api.dead-letters.replay-rate entries per second (default"
              + " 50; runs go one at a time, oldest first), so a recovering target is not"
              + " flooded; entries that fail again during the run are not replayed again by it."
              + " canary K (1..1000): the first K entries are replayed first; only if all their"
              + " jobs complete does the run go on, otherwise (a failure, a cancellation, or no"
              + " end within fetchq.api.dead-letters.canary-timeout) it stops as 'aborted' with a"
              + " reason. Every request, dry runs included, is audited.")
  @ApiResponse(
      responseCode = "202",
      description = "Scheduled (or counted, on a dry run)",
      useReturnTypeSchema = true)
  @PostMapping(path = "/dead-letters/replay", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<BulkReplayResponse> replayInBulk(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @Valid @RequestBody BulkReplayRequest request) {
    boolean dryRun = Boolean.TRUE.equals(request.dryRun());
    int canary = request.canary() == null ? 0 : request.canary();
    BulkReplayCommand command =
        new BulkReplayCommand(
            actor(caller),
            filter(request.filter()),
            request.limit() == null ? BulkReplayRequest.DEFAULT_LIMIT : request.limit(),
            dryRun,
            canary);
    return switch (startBulkReplay.start(command)) {
      case BulkReplayOutcome.DryRun dry ->
          ResponseEntity.accepted()
              .body(new BulkReplayResponse(dry.matched(), 0, true, null, request.canary()));
      case BulkReplayOutcome.Started started ->
          ResponseEntity.accepted()
              .location(URI.create(RUNS + "/" + started.run().id()))
              .body(
                  new BulkReplayResponse(
                      started.matched(),
                      started.matched(),
                      false,
                      started.run().id().value(),
                      request.canary()));
    };
  }

  @Operation(
      summary = "Read a bulk replay run",
      description =
          "Its state (running, completed, aborted with a reason), the filter and who asked, and"
              + " its progress: matched, replayed and skipped so far, and how many replayed jobs"
              + " have since completed (succeeded) or failed. 404 when unknown (or another"
              + " tenant's).")
  @GetMapping("/dead-letter-replays/{runId}")
  public ReplayRunResponse run(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @PathVariable UUID runId) {
    return getReplayRun
        .get(actor(caller), new ReplayRunId(runId))
        .map(ReplayRunResponse::of)
        .orElseThrow(() -> new ResourceNotFoundException("No replay run with id " + runId + "."));
  }

  @Operation(
      summary = "Discard a dead letter",
      description =
          "204: the entry leaves the dead-letter queue and can no longer be replayed; the discard"
              + " is audited. Its job is not changed (a failed job stays failed, with its result"
              + " and attempts). If the entry was 'replayed' and its job fails again, the worker"
              + " records a new entry. 404 for an unknown entry (or another tenant's).")
  @ApiResponse(responseCode = "204", description = "Discarded")
  @DeleteMapping("/dead-letters/{id}")
  public ResponseEntity<Void> discard(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @PathVariable UUID id) {
    if (!discardDeadLetter.discard(actor(caller), new DeadLetterId(id))) {
      throw notFound(id);
    }
    return ResponseEntity.noContent().build();
  }

  @Operation(
      summary = "List the dead-letter audit log",
      description =
          "Every replay, bulk replay (dry runs included) and discard, newest first: who (the API"
              + " key's tenant and id; null id for the bootstrap key), when, what (entry, run,"
              + " filter) and the counts. limit 1..200 (default 50), cursor as in the list.")
  @GetMapping("/dead-letters/audit")
  public AuditListResponse audit(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @RequestParam(required = false) String limit,
      @RequestParam(required = false) String cursor) {
    return AuditListResponse.of(
        listAudit.list(
            actor(caller), QueryParameters.cursor(cursor), QueryParameters.limit(limit)));
  }

  private static AdminActor actor(ApiPrincipal caller) {
    return new AdminActor(
        caller.tenantId(), caller.keyId() == null ? null : caller.keyId().value());
  }

  /** The body's filter, or a 422 naming each bad field. */
  static DeadLetterFilter filter(FilterBody body) {
    List<FieldViolation> violations = new ArrayList<>();
    TenantId tenant = null;
    if (body.tenantId() != null) {
      tenant = QueryParameters.parseUuid(body.tenantId()).map(TenantId::new).orElse(null);
      if (tenant == null) {
        violations.add(new FieldViolation("/filter/tenantId", "must be a UUID"));
      }
    }
    Instant since = bodyInstant(body.since(), "/filter/since", violations);
    Instant until = bodyInstant(body.until(), "/filter/until", violations);
    checkText(body.host(), "/filter/host", violations);
    checkText(body.errorType(), "/filter/errorType", violations);
    if (since != null && until != null && !since.isBefore(until)) {
      violations.add(new FieldViolation("/filter/until", "must be after since"));
    }
    if (!violations.isEmpty()) {
      throw new InvalidFieldsException(violations);
    }
    return new DeadLetterFilter(
        tenant,
        body.host() == null ? null : body.host().strip(),
        body.errorType() == null ? null : body.errorType().strip(),
        since,
        until,
        null);
  }

  private static Instant bodyInstant(
      String value, String pointer, List<FieldViolation> violations) {
    if (value == null) {
      return null;
    }
    return QueryParameters.parseInstant(value)
        .orElseGet(
            () -> {
              violations.add(
                  new FieldViolation(
                      pointer, "must be an RFC 3339 timestamp such as 2026-11-22T10:00:00Z"));
              return null;
            });
  }

  private static void checkText(String value, String pointer, List<FieldViolation> violations) {
    if (value != null && (value.isBlank() || value.length() > 2048)) {
      violations.add(new FieldViolation(pointer, "must be 1 to 2048 characters"));
    }
  }

  private static ResourceNotFoundException notFound(UUID id) {
    return new ResourceNotFoundException("No dead letter with id " + id + " exists.");
  }
}
