package io.fetchq.api.deadletters.domain;

import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One audited dead-letter operation.
 *
 * @param id the entry's id (UUIDv7)
 * @param at when it happened
 * @param action what was done
 * @param actor who did it
 * @param tenant the tenant affected, or null for every tenant (a system administrator's bulk replay
 *     without a tenant filter)
 * @param deadLetterId the entry replayed or discarded, or null for a bulk replay
 * @param jobId the entry's job, or null for a bulk replay
 * @param runId the bulk replay run, or null (single operations, dry runs)
 * @param filter the bulk replay's filter, or null
 * @param dryRun whether it was a dry run (nothing changed)
 * @param matched entries matched (1 for single operations)
 * @param replayed entries replayed or scheduled for replay (0 on a dry run or a discard)
 */
public record AuditEntry(
    UUID id,
    Instant at,
    AuditAction action,
    AdminActor actor,
    TenantId tenant,
    DeadLetterId deadLetterId,
    JobId jobId,
    ReplayRunId runId,
    DeadLetterFilter filter,
    boolean dryRun,
    int matched,
    int replayed) {

  public AuditEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
    if (matched < 0 || replayed < 0 || replayed > matched) {
      throw new IllegalArgumentException("0 <= replayed <= matched");
    }
  }
}
