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
 * <p>Calls to one stream's sink never overlap. At most {@code maxStreams} streams are open at once;
 * a closed stream frees its slot exactly once.
 */
public final class StatusStreams implements ChangeListener {

  private static final Logger log = LoggerFactory.getLogger(StatusStreams.class);

  private final GetJob jobs;
  private final GetBatch batches;
  private final Executor readers;
  private final int maxStreams;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<Object, Set<Subscription<?>>> byKey = new ConcurrentHashMap<>();

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
        id,
        () -> jobs.get(tenant, id),
        Job::status,
        job -> job.status().isTerminal(),
        Objects.requireNonNull(sink, "sink"));
  }

  /**
   * Opens a stream of {@code tenant}'s batch {@code id}: reads its progress and sends it to {@code
   * sink} on the caller's thread (completing the sink at once when the batch is completed).
   */
  public StreamOpening openBatch(TenantId tenant, BatchId id, StreamSink<BatchProgress> sink) {
    Objects.requireNonNull(tenant, "tenant");
    return open(
        id,
        () -> batches.get(tenant, id),
        progress -> List.of(progress.status(), progress.counts()),
        progress -> progress.status() == BatchStatus.COMPLETED,
        Objects.requireNonNull(sink, "sink"));
  }

  private <T> StreamOpening open(
      Object key,
      Supplier<Optional<T>> reader,
      Function<T, Object> fingerprint,
      Predicate<T> terminal,
      StreamSink<T> sink) {
    if (open.incrementAndGet() > maxStreams) {
      open.decrementAndGet();
      return new StreamOpening.TooManyStreams(maxStreams);
    }
    Subscription<T> subscription = new Subscription<>(key, reader, fingerprint, terminal, sink);
    // Registered before the first read, so a change committed meanwhile is re-read afterwards.
    byKey.compute(
        key,
        (k, set) -> {
          Set<Subscription<?>> subscriptions = set == null ? ConcurrentHashMap.newKeySet() : set;
          subscriptions.add(subscription);
          return subscriptions;
        });
    boolean found;
    try {
      found = subscription.first();
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
      refresh(new JobId(UUID.fromString(ids[0])));
      if (ids.length > 1 && !ids[1].equals("-")) {
        refresh(new BatchId(UUID.fromString(ids[1])));
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
    byKey.values().forEach(set -> set.forEach(this::schedule));
  }

  /** Sends a keep-alive on every stream (on the readers executor). */
  public void keepAlive() {
    byKey.values().forEach(set -> set.forEach(this::scheduleKeepAlive));
  }

  /** Completes every stream (the instance is shutting down; clients reconnect elsewhere). */
  public void closeAll() {
    byKey.values().forEach(set -> set.forEach(Subscription::finish));
  }

  private void refresh(Object key) {
    Set<Subscription<?>> subscriptions = byKey.get(key);
    if (subscriptions != null) {
      subscriptions.forEach(this::schedule);
    }
  }

  private void schedule(Subscription<?> subscription) {
    if (!subscription.pending.compareAndSet(false, true)) {
      return; // a re-read is queued and has not started: it will see this change too
    }
    try {
      readers.execute(
          () -> {
            subscription.pending.set(false);
            subscription.refresh();
          });
    } catch (RejectedExecutionException e) {
      subscription.pending.set(false);
      log.debug("status stream re-read refused (shutting down?)", e);
    }
  }

  private void scheduleKeepAlive(Subscription<?> subscription) {
    try {
      readers.execute(subscription::keepAlive);
    } catch (RejectedExecutionException e) {
      log.debug("status stream keep-alive refused (shutting down?)", e);
    }
  }

  private final class Subscription<T> implements StatusStream {

    private final Object key;
    private final Supplier<Optional<T>> reader;
    private final Function<T, Object> fingerprint;
    private final Predicate<T> terminal;
    private final StreamSink<T> sink;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private Object lastSent; // guarded by this

    Subscription(
        Object key,
        Supplier<Optional<T>> reader,
        Function<T, Object> fingerprint,
        Predicate<T> terminal,
        StreamSink<T> sink) {
      this.key = key;
      this.reader = reader;
      this.fingerprint = fingerprint;
      this.terminal = terminal;
      this.sink = sink;
    }

    /** The first read: false (and closed) when there is nothing to follow. */
    synchronized boolean first() {
      Optional<T> state = reader.get();
      if (state.isEmpty()) {
        cancel();
        return false;
      }
      deliver(state.get());
      return true;
    }

    synchronized void refresh() {
      if (closed.get()) {
        return;
      }
      Optional<T> state;
      try {
        state = reader.get();
      } catch (RuntimeException e) {
        log.warn("could not re-read a followed resource key={}; retrying later", key, e);
        return;
      }
      if (state.isEmpty()) {
        // Jobs and batches are never deleted, but a stream must not outlive what it follows.
        end();
        return;
      }
      deliver(state.get());
    }

    synchronized void keepAlive() {
      if (closed.get()) {
        return;
      }
      try {
        sink.keepAlive();
      } catch (RuntimeException e) {
        log.debug("status stream client gone key={}", key, e);
        cancel();
      }
    }

    synchronized void finish() {
      end();
    }

    private void deliver(T state) {
      Object current = fingerprint.apply(state);
      try {
        if (!current.equals(lastSent)) {
          sink.send(state);
          lastSent = current;
        }
        if (terminal.test(state)) {
          end();
        }
      } catch (RuntimeException e) {
        log.debug("status stream client gone key={}", key, e);
        cancel();
      }
    }

    private void end() {
      if (!closed.get()) {
        cancel();
        try {
          sink.complete();
        } catch (RuntimeException e) {
          log.debug("status stream client gone key={}", key, e);
        }
      }
    }

    @Override
    public void cancel() {
      if (closed.compareAndSet(false, true)) {
        byKey.computeIfPresent(
            key,
            (k, set) -> {
              set.remove(this);
              return set.isEmpty() ? null : set;
            });
        open.decrementAndGet();
      }
    }

    @Override
    public boolean isClosed() {
      return closed.get();
    }
  }
}
