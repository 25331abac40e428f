package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.DeadLetter;
import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Dead-letter entries in a map; refuses locks and writes outside a transaction. */
public final class InMemoryDeadLetterRepository implements DeadLetterRepository {

  /** The order of every listing: failedAt, then id, descending. */
  static final Comparator<DeadLetter> NEWEST_FIRST =
      Comparator.comparing(DeadLetter::failedAt)
          .thenComparing(e -> e.id().value(), KeysetCursor::compareIds)
          .reversed();

  private final FakeTransactions transactions;
  private final Map<DeadLetterId, DeadLetter> entries = new LinkedHashMap<>();

  public InMemoryDeadLetterRepository(FakeTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public synchronized Optional<DeadLetter> find(DeadLetterId id) {
    return Optional.ofNullable(entries.get(id));
  }

  @Override
  public synchronized Optional<DeadLetter> find(TenantId tenant, DeadLetterId id) {
    return find(id).filter(entry -> entry.tenantId().equals(tenant));
  }

  @Override
  public synchronized Optional<DeadLetter> lock(DeadLetterId id) {
    requireTransaction("lock");
    return find(id);
  }

  @Override
  public synchronized void save(DeadLetter entry) {
    requireTransaction("save");
    entries.put(entry.id(), entry);
  }

  @Override
  public synchronized List<DeadLetter> list(
      DeadLetterFilter filter, KeysetCursor after, int limit) {
    return entries.values().stream()
        .filter(filter::matches)
        .filter(e -> after == null || after.precedes(e.failedAt(), e.id().value()))
        .sorted(NEWEST_FIRST)
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean delete(DeadLetterId id) {
    requireTransaction("delete");
    return entries.remove(id) != null;
  }

  /** Stores {@code entry} as it is, as if a worker had recorded it. */
  public synchronized void put(DeadLetter entry) {
    entries.put(entry.id(), entry);
  }

  public synchronized List<DeadLetter> all() {
    return new ArrayList<>(entries.values());
  }

  public synchronized void clear() {
    entries.clear();
  }

  private void requireTransaction(String what) {
    if (!transactions.isActive()) {
      throw new IllegalStateException(what + " outside a transaction");
    }
  }
}
