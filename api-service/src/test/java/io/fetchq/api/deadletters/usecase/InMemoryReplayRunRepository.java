package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.DeadLetter;
import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import io.fetchq.api.deadletters.domain.ReplayRun;
import io.fetchq.api.deadletters.domain.ReplayRunId;
import io.fetchq.api.deadletters.domain.ReplayRunState;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs, items and leases in maps, reading entries and jobs from their in-memory fakes. */
final class InMemoryReplayRunRepository implements ReplayRunRepository {

  private record Lease(String owner, Instant until) {}

  private static final class Item {
    final ReplayItem item;
    String outcome;
    Integer generation;

    Item(ReplayItem item) {
      this.item = item;
    }
  }

  private final FakeTransactions transactions;
  private final InMemoryDeadLetterRepository deadLetters;
  private final InMemoryJobRepository jobs;
  private final Map<ReplayRunId, ReplayRun> runs = new LinkedHashMap<>();
  private final Map<ReplayRunId, List<Item>> items = new HashMap<>();
  private final Map<ReplayRunId, Lease> leases = new HashMap<>();

  InMemoryReplayRunRepository(
      FakeTransactions transactions,
      InMemoryDeadLetterRepository deadLetters,
      InMemoryJobRepository jobs) {
    this.transactions = transactions;
    this.deadLetters = deadLetters;
    this.jobs = jobs;
  }

  @Override
  public synchronized int countEligible(DeadLetterFilter filter, int maxReplayCount, int limit) {
    return eligible(filter, maxReplayCount, limit).size();
  }

  @Override
  public synchronized void add(ReplayRun run) {
    requireTransaction();
    runs.put(run.id(), run);
    items.put(run.id(), new ArrayList<>());
  }

  @Override
  public synchronized int snapshot(
      ReplayRunId id, DeadLetterFilter filter, int maxReplayCount, int limit) {
    requireTransaction();
    List<DeadLetter> matched = eligible(filter, maxReplayCount, limit);
    List<Item> list = items.get(id);
    for (DeadLetter entry : matched) {
      list.add(new Item(new ReplayItem(list.size() + 1, entry.id(), entry.jobId())));
    }
    return matched.size();
  }

  @Override
  public synchronized Optional<ReplayRunId> oldestRunning() {
    return runs.values().stream()
        .filter(r -> r.state() == ReplayRunState.RUNNING)
        .min(Comparator.comparing(ReplayRun::requestedAt).thenComparing(r -> r.id().value()))
        .map(ReplayRun::id);
  }

  @Override
  public synchronized Optional<ReplayRun> claim(
      ReplayRunId id, String owner, Instant now, Instant leaseUntil) {
    requireTransaction();
    ReplayRun run = runs.get(id);
    if (run == null || run.state() != ReplayRunState.RUNNING) {
      return Optional.empty();
    }
    Lease lease = leases.get(id);
    if (lease != null && lease.until().isAfter(now) && !lease.owner().equals(owner)) {
      return Optional.empty();
    }
    leases.put(id, new Lease(owner, leaseUntil));
    return Optional.of(run);
  }

  @Override
  public synchronized Optional<ReplayRun> lockOwned(ReplayRunId id, String owner, Instant now) {
    requireTransaction();
    ReplayRun run = runs.get(id);
    Lease lease = leases.get(id);
    if (run == null
        || run.state() != ReplayRunState.RUNNING
        || lease == null
        || !lease.owner().equals(owner)
        || !lease.until().isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(run);
  }

  @Override
  public synchronized List<ReplayItem> pending(ReplayRunId id, int limit) {
    return items.get(id).stream()
        .filter(i -> i.outcome == null)
        .limit(limit)
        .map(i -> i.item)
        .toList();
  }

  @Override
  public synchronized void markItem(ReplayRunId id, int position, Integer generation) {
    requireTransaction();
    Item item = items.get(id).get(position - 1);
    item.outcome = generation == null ? "skipped" : "replayed";
    item.generation = generation;
  }

  @Override
  public synchronized List<JobStatus> replayedJobStatuses(ReplayRunId id) {
    return items.get(id).stream()
        .filter(i -> "replayed".equals(i.outcome))
        .map(
            i -> {
              Job job = job(i);
              return job.generation() == i.generation ? job.status() : JobStatus.RUNNING;
            })
        .toList();
  }

  @Override
  public synchronized void save(ReplayRun run) {
    requireTransaction();
    runs.put(run.id(), run);
    if (run.state() != ReplayRunState.RUNNING) {
      leases.remove(run.id());
    }
  }

  @Override
  public synchronized Optional<ReplayRunProgress> find(ReplayRunId id, TenantId scope) {
    ReplayRun run = runs.get(id);
    if (run == null || (scope != null && !scope.equals(run.scope()))) {
      return Optional.empty();
    }
    int succeeded = 0;
    int failed = 0;
    for (Item i : items.get(id)) {
      if (!"replayed".equals(i.outcome) || job(i).generation() != i.generation) {
        continue;
      }
      JobStatus status = job(i).status();
      if (status == JobStatus.COMPLETED) {
        succeeded++;
      } else if (status == JobStatus.FAILED || status == JobStatus.CANCELLED) {
        failed++;
      }
    }
    return Optional.of(new ReplayRunProgress(run, succeeded, failed));
  }

  synchronized List<ReplayItem> items(ReplayRunId id) {
    return items.get(id).stream().map(i -> i.item).toList();
  }

  synchronized Optional<ReplayRun> run(ReplayRunId id) {
    return Optional.ofNullable(runs.get(id));
  }

  private Job job(Item i) {
    return jobs.all().stream().filter(j -> j.id().equals(i.item.jobId())).findFirst().orElseThrow();
  }

  private List<DeadLetter> eligible(DeadLetterFilter filter, int maxReplayCount, int limit) {
    return deadLetters.all().stream()
        .filter(filter::matches)
        .filter(e -> e.replayCount() < maxReplayCount)
        .sorted(InMemoryDeadLetterRepository.NEWEST_FIRST)
        .limit(limit)
        .toList();
  }

  private void requireTransaction() {
    if (!transactions.isActive()) {
      throw new IllegalStateException("write outside a transaction");
    }
  }
}
