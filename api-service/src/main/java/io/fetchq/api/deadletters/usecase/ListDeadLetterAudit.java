package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.domain.AuditEntry;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import java.util.List;
import java.util.Objects;

/**
 * Lists audited dead-letter operations, newest first; an operator outside the {@code system} tenant
 * sees only operations on its own tenant's entries.
 */
public final class ListDeadLetterAudit {

  private final DeadLetterAuditLog audit;

  public ListDeadLetterAudit(DeadLetterAuditLog audit) {
    this.audit = Objects.requireNonNull(audit, "audit");
  }

  public Page<AuditEntry> list(AdminActor actor, KeysetCursor after, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
    List<AuditEntry> found = audit.list(actor.scope(), after, limit + 1);
    if (found.size() <= limit) {
      return new Page<>(found, null);
    }
    List<AuditEntry> page = found.subList(0, limit);
    AuditEntry last = page.getLast();
    return new Page<>(page, new KeysetCursor(last.at(), last.id()));
  }
}
