package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.AuditEntry;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The audit log in a list; refuses writes outside a transaction. */
final class InMemoryDeadLetterAuditLog implements DeadLetterAuditLog {

  private final FakeTransactions transactions;
  private final List<AuditEntry> entries = new ArrayList<>();

  InMemoryDeadLetterAuditLog(FakeTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public synchronized void record(AuditEntry entry) {
    if (!transactions.isActive()) {
      throw new IllegalStateException("audit outside a transaction");
    }
    entries.add(entry);
  }

  @Override
  public synchronized List<AuditEntry> list(TenantId scope, KeysetCursor after, int limit) {
    return entries.stream()
        .filter(e -> scope == null || scope.equals(e.tenant()))
        .filter(e -> after == null || after.precedes(e.at(), e.id()))
        .sorted(
            Comparator.comparing(AuditEntry::at)
                .thenComparing(AuditEntry::id, KeysetCursor::compareIds)
                .reversed())
        .limit(limit)
        .toList();
  }

  synchronized List<AuditEntry> all() {
    return List.copyOf(entries);
  }
}
