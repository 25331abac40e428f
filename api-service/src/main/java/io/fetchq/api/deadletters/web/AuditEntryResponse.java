package io.fetchq.api.deadletters.web;

import io.fetchq.api.deadletters.domain.AuditEntry;
import java.time.Instant;
import java.util.UUID;

/**
 * One audited operation ({@code GET /api/v1/admin/dead-letters/audit}).
 *
 * @param action {@code replay}, {@code bulk_replay} or {@code discard}
 * @param tenantId the tenant affected, or null for a bulk replay across every tenant
 */
public record AuditEntryResponse(
    UUID id,
    Instant at,
    String action,
    ActorResponse actor,
    UUID tenantId,
    UUID deadLetterId,
    UUID jobId,
    UUID runId,
    FilterBody filter,
    boolean dryRun,
    int matched,
    int replayed) {

  static AuditEntryResponse of(AuditEntry entry) {
    return new AuditEntryResponse(
        entry.id(),
        entry.at(),
        entry.action().wireName(),
        ActorResponse.of(entry.actor()),
        entry.tenant() == null ? null : entry.tenant().value(),
        entry.deadLetterId() == null ? null : entry.deadLetterId().value(),
        entry.jobId() == null ? null : entry.jobId().value(),
        entry.runId() == null ? null : entry.runId().value(),
        FilterBody.of(entry.filter()),
        entry.dryRun(),
        entry.matched(),
        entry.replayed());
  }
}
