package io.fetchq.api.streams.usecase;

import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.batches.domain.BatchProgress;
import io.fetchq.api.batches.domain.BatchStatus;
import io.fetchq.api.batches.usecase.GetBatch;
import io.fetchq.api.changes.usecase.ChangeListener;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.usecase.GetJob;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.contracts.DatabaseChannels;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live status streams of this instance: who follows which job or batch, and what each was last
 * sent. A stream gets the current state when it opens, then every change of the job's status (or of
 * the batch's status or counts), and is completed right after the terminal state (a job {@code
 * completed}, {@code failed} or {@code cancelled}; a batch {@code completed}).
 *
 * <p>Changes are learned from {@link DatabaseChannels#JOB_EVENTS} notifications (payload {@code
 * "<job id> <batch id>"}), which the database sends whichever instance or worker made the change. A
 * notification is only a hint: the hub re-reads the job or batch through {@link GetJob} / {@link
 * GetBatch} (tenant-scoped) on the {@code readers} executor, never on the listener's thread, and
 * sends it only when it differs from what that stream was last sent. Every stream is re-read after
 * the listener reconnects ({@link #resync()}) and on every {@link #refreshAll()} (a periodic
 * fallback), so a lost notification delays an event but never loses it.
 *
 * <p>The streams of one job (or batch) form a group: one re-read serves them all, and the group's
 * reads and sends happen one at a time, so a stream never gets an older state after a newer one.
 * Calls to one stream's sink never overlap. At most {@code maxStreams} streams are open at once; a
 * closed stream frees its slot exactly once.
 */
public final class StatusStreams implements ChangeListener {

  private static final Logger log = LoggerFactory.getLogger(StatusStreams.class);

  private final GetJob jobs;
  private final GetBatch batches;
  private final Executor readers;
  private final int maxStreams;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<JobId, Group<JobId, Job>> jobGroups = new ConcurrentHashMap<>();
  private final Map<BatchId, Group<BatchId, BatchProgress>> batchGroups = new ConcurrentHashMap<>();

  /**
   * @param readers runs the re-reads and sends; a few threads (each re-read holds a database
   *     connection)
   * @param maxStreams streams this instance serves at once, at least 1
   */
  public StatusStreams(GetJob jobs, GetBatch batches, Executor readers, int maxStreams) {
    if (maxStreams < 1) {
      throw new IllegalArgumentException("maxStreams must be >= 1");
    }
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.batches = Objects.requireNonNull(batches, "batches");
    this.readers = Objects.requireNonNull(readers, "readers");
    this.maxStreams = maxStreams;
  }

  /**
   * Opens a stream of {@code tenant}'s job {@code id}: reads it and sends it to {@code sink} on the
   * caller's thread (completing the sink at once when the job is terminal).
   */
  public StreamOpening openJob(TenantId tenant, JobId id, StreamSink<Job> sink) {
    Objects.requireNonNull(tenant, "tenant");
    return open(
        jobGroups,
        id,
        () -> new Group<>(jobGroups, id, Job::status, job -> job.status().isTerminal()),
        () -> jobs.get(tenant, id),
        Objects.requireNonNull(sink, "sink"));
  }

  /**
   * Opens a stream of {@code tenant}'s batch {@code id}: reads its progress and sends it to {@code
   * sink} on the caller's thread (completing the sink at once when the batch is completed).
   */
  public StreamOpening openBatch(TenantId tenant, BatchId id, StreamSink<BatchProgress> sink) {
    Objects.requireNonNull(tenant, "tenant");
    return open(
        batchGroups,
        id,
        () ->
            new Group<>(
                batchGroups,
                id,
                progress -> List.of(progress.status(), progress.counts()),
                progress -> progress.status() == BatchStatus.COMPLETED),
        () -> batches.get(tenant, id),
        Objects.requireNonNull(sink, "sink"));
  }

  private <K, T> StreamOpening open(
      Map<K, Group<K, T>> groups,
      K key,
      Supplier<Group<K, T>> newGroup,
      Supplier<Optional<T>> reader,
      StreamSink<T> sink) {
    if (open.incrementAndGet() > maxStreams) {
      open.decrementAndGet();
      return new StreamOpening.TooManyStreams(maxStreams);
    }
    Subscription<K, T> subscription = new Subscription<>(reader, sink);
    // Joins the group before the first read, so a change committed meanwhile is re-read after it.
    Group<K, T> group =
        groups.compute(
            key,
            (k, existing) -> {
              Group<K, T> joined = existing == null ? newGroup.get() : existing;
              joined.members.add(subscription);
              return joined;
            });
    subscription.group = group;
    boolean found;
    try {
      found = group.first(subscription);
    } catch (RuntimeException e) {
      subscription.cancel();
      throw e;
    }
    if (!found) {
      return new StreamOpening.NotFound();
    }
    return new StreamOpening.Opened(subscription);
  }

  /** Streams open on this instance now. */
  public int activeStreams() {
    return open.get();
  }

  @Override
  public String channel() {
    return DatabaseChannels.JOB_EVENTS;
  }

  /** Re-reads the streams of the job and of its batch named by {@code payload}. */
  @Override
  public void changed(String payload) {
    String[] ids = payload.strip().split(" ");
    try {
      schedule(jobGroups.get(new JobId(UUID.fromString(ids[0]))));
      if (ids.length > 1 && !ids[1].equals("-")) {
        schedule(batchGroups.get(new BatchId(UUID.fromString(ids[1]))));
      }
    } catch (IllegalArgumentException e) {
      log.debug("ignoring a malformed job event payload={}", payload);
    }
  }

  /** Re-reads every stream: notifications may have been lost. */
  @Override
  public void resync() {
    refreshAll();
  }

  /** Re-reads every stream (the fallback for lost notifications, called every few seconds). */
  public void refreshAll() {
    jobGroups.values().forEach(this::schedule);
    batchGroups.values().forEach(this::schedule);
  }

  /** Sends a keep-alive on every stream (on the readers executor). */
  public void keepAlive() {
    Stream.concat(jobGroups.values().stream(), batchGroups.values().stream())
        .flatMap(group -> group.members.stream())
        .forEach(this::scheduleKeepAlive);
  }

  /** Completes every stream (the instance is shutting down; clients reconnect elsewhere). */
  public void closeAll() {
    jobGroups.values().forEach(Group::finish);
    batchGroups.values().forEach(Group::finish);
  }

  private void schedule(Group<?, ?> group) {
    if (group == null || !group.pending.compareAndSet(false, true)) {
      return; // nobody follows it, or a re-read is queued and has not started: it sees this too
    }
    try {
      readers.execute(
          () -> {
            group.pending.set(false);
            group.refresh();
          });
    } catch (RejectedExecutionException e) {
      group.pending.set(false);
      log.debug("status stream re-read refused (shutting down?)", e);
    }
  }

  private void scheduleKeepAlive(Subscription<?, ?> subscription) {
    try {
      readers.execute(subscription::keepAlive);
    } catch (RejectedExecutionException e) {
      log.debug("status stream keep-alive refused (shutting down?)", e);
    }
  }

  /**
   * The streams of one job or batch. Its reads and sends run under its lock, one at a time, so
   * states reach every member in the order they were read.
   */
  private final class Group<K, T> {

    private final Map<K, Group<K, T>> groups;
    private final K key;
    private final Function<T, Object> fingerprint;
    private final Predicate<T> terminal;
    private final Set<Subscription<K, T>> members = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean pending = new AtomicBoolean();

    Group(
        Map<K, Group<K, T>> groups, K key, Function<T, Object> fingerprint, Predicate<T> terminal) {
      this.groups = groups;
      this.key = key;
      this.fingerprint = fingerprint;
      this.terminal = terminal;
    }

    /** The first read of a new member, with its own (tenant-scoped) reader: false when missing. */
    synchronized boolean first(Subscription<K, T> member) {
      Optional<T> state = member.reader.get();
      if (state.isEmpty()) {
        member.cancel();
        return false;
      }
      member.confirmed = true;
      member.deliver(state.get(), this);
      return true;
    }

    /**
     * One read for every member, through a member whose first read found the resource (so with its
     * owner's tenant; another tenant's attempt never gets that far).
     */
    synchronized void refresh() {
      Optional<Subscription<K, T>> source =
          members.stream().filter(member -> member.confirmed).findFirst();
      if (source.isEmpty()) {
        return;
      }
      Optional<T> state;
      try {
        state = source.get().reader.get();
      } catch (RuntimeException e) {
        log.warn("could not re-read a followed resource key={}; retrying later", key, e);
        return;
      }
      for (Subscription<K, T> member : members) {
        if (!member.confirmed) {
          continue;
        }
        if (state.isEmpty()) {
          // Jobs and batches are never deleted, but a stream must not outlive what it follows.
          member.end();
        } else {
          member.deliver(state.get(), this);
        }
      }
    }

    synchronized void finish() {
      members.forEach(Subscription::end);
    }

    void leave(Subscription<K, T> member) {
      groups.computeIfPresent(
          key,
          (k, group) -> {
            group.members.remove(member);
            return group.members.isEmpty() ? null : group;
          });
    }
  }

  private final class Subscription<K, T> implements StatusStream {

    private final Supplier<Optional<T>> reader;
    private final StreamSink<T> sink;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Group<K, T> group;
    private volatile boolean confirmed;
    private Object lastSent; // guarded by this

    Subscription(Supplier<Optional<T>> reader, StreamSink<T> sink) {
      this.reader = reader;
      this.sink = sink;
    }

    synchronized void deliver(T state, Group<K, T> owner) {
      if (closed.get()) {
        return;
      }
      Object current = owner.fingerprint.apply(state);
      try {
        if (!current.equals(lastSent)) {
          sink.send(state);
          lastSent = current;
        }
      } catch (RuntimeException e) {
        log.debug("status stream client gone key={}", owner.key, e);
        cancel();
        return;
      }
      if (owner.terminal.test(state)) {
        end();
      }
    }

    synchronized void keepAlive() {
      if (closed.get()) {
        return;
      }
      try {
        sink.keepAlive();
      } catch (RuntimeException e) {
        log.debug("status stream client gone", e);
        cancel();
      }
    }

    synchronized void end() {
      if (closed.get()) {
        return;
      }
      cancel();
      try {
        sink.complete();
      } catch (RuntimeException e) {
        log.debug("status stream client gone", e);
      }
    }

    @Override
    public void cancel() {
      if (closed.compareAndSet(false, true)) {
        Group<K, T> joined = group;
        if (joined != null) {
          joined.leave(this);
        }
        open.decrementAndGet();
      }
    }

    @Override
    public boolean isClosed() {
      return closed.get();
    }
  }
}
