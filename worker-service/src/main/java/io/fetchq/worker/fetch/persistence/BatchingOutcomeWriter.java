package io.fetchq.worker.fetch.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.kernel.ids.UuidV7;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.usecase.OutcomeRecorder;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for attempt outcomes: one writer thread drains the queue (up to {@code maxBatch}
 * outcomes, waiting at most {@code maxDelay} after the first) and writes the batch in one
 * transaction ({@link OutcomeRows}): one statement of guarded job updates ({@code status='running'
 * AND attempts=N AND generation=G}), then, for the updates that matched, one statement of
 * attempt-history inserts, result upserts (a response that completed the job or exhausted its
 * attempts; more statements past {@link OutcomeRows#RESULT_BYTES_PER_STATEMENT}) and a JDBC batch
 * of dead-letter upserts (failed jobs): six round trips with the plan setting and the commit, and
 * the same whatever the number of outcomes (one more update per repeated job id). Each outcome's
 * future completes after the commit. A failed flush is retried with backoff until it succeeds;
 * nothing is dropped while running.
 */
public final class BatchingOutcomeWriter implements OutcomeRecorder, AutoCloseable {

  /**
   * Tuning.
   *
   * @param maxBatch most outcomes per transaction
   * @param maxDelay longest wait for more outcomes after the first of a batch
   * @param initialBackoff first pause after a failed flush
   * @param maxBackoff longest pause between flush retries
   * @param closeTimeout how long {@link #close()} keeps flushing what is queued
   */
  public record Settings(
      int maxBatch,
      Duration maxDelay,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration closeTimeout) {

    public Settings {
      if (maxBatch < 1) {
        throw new IllegalArgumentException("maxBatch must be >= 1");
      }
      Objects.requireNonNull(maxDelay, "maxDelay");
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      Objects.requireNonNull(closeTimeout, "closeTimeout");
    }
  }

  private static final Logger log = LoggerFactory.getLogger(BatchingOutcomeWriter.class);

  /**
   * PostgreSQL's default plan caching instead of the pool's {@code force_custom_plan}
   * (ARCHITECTURE.md "PostgreSQL plans") for the rest of this writer's transaction once the job
   * update has run: the attempt and result inserts check each row's job with a foreign-key query of
   * its own, and the dead-letter upserts are one row each. Planned anew at every execution, such
   * per-row statements were most of the 29 % of PostgreSQL's CPU that bench/run's drain-single
   * spent planning. The job update itself is one statement per flush and keeps being planned for
   * its arrays: a generic plan of it made on an empty table reads every running job through the
   * status index ({@code CachedPlansIT}).
   */
  static final String CACHED_PLANS_FOR_THIS_TRANSACTION = "SET LOCAL plan_cache_mode = auto";

  static final String UPSERT_DEAD_LETTER_SQL =
      """
      INSERT INTO dead_letters
             (id, job_id, tenant_id, url, host, failed_at, attempts, last_error_type,
              last_error_message, state)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'dead')
      ON CONFLICT (job_id) DO UPDATE
         SET failed_at = EXCLUDED.failed_at, attempts = EXCLUDED.attempts,
             last_error_type = EXCLUDED.last_error_type,
             last_error_message = EXCLUDED.last_error_message, state = 'dead'
      """;

  private record Pending(FetchOutcome outcome, CompletableFuture<Boolean> done) {}

  private static final Comparator<Pending> BY_JOB_ID =
      Comparator.comparing(p -> p.outcome().attempt().jobId().value());

  private final DataSource dataSource;
  private final OutcomeRows rows;
  private final Settings settings;
  private final RandomGenerator random = new SecureRandom();
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closing;
  private volatile long closeDeadlineNanos = Long.MAX_VALUE;

  public BatchingOutcomeWriter(DataSource dataSource, ObjectMapper json, Settings settings) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.rows = new OutcomeRows(Objects.requireNonNull(json, "json"));
    this.settings = Objects.requireNonNull(settings, "settings");
    this.thread = Thread.ofPlatform().name("fetchq-outcome-writer").daemon().unstarted(this::run);
  }

  /** Starts the writer thread. */
  public void start() {
    thread.start();
  }

  @Override
  public CompletableFuture<Boolean> record(FetchOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    if (closing) {
      return CompletableFuture.failedFuture(new IllegalStateException("outcome writer is closed"));
    }
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    queue.add(new Pending(outcome, done));
    return done;
  }

  /** Outcomes waiting to be written. */
  public int queued() {
    return queue.size();
  }

  /**
   * Stops accepting outcomes, keeps flushing the queued ones for at most {@code closeTimeout}, then
   * fails whatever is left (those offsets stay uncommitted and the jobs are redelivered).
   */
  @Override
  public void close() {
    closeDeadlineNanos = System.nanoTime() + settings.closeTimeout().toNanos();
    closing = true;
    try {
      thread.join(settings.closeTimeout().plusSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
    failRemaining(new ArrayList<>());
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(settings.maxBatch());
    while (true) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing) {
            return;
          }
          continue;
        }
        batch.add(first);
        collect(batch);
        flushWithRetry(batch);
      } catch (InterruptedException e) {
        failRemaining(batch);
        Thread.currentThread().interrupt();
        return;
      }
      batch.clear();
    }
  }

  private void collect(List<Pending> batch) throws InterruptedException {
    long deadline = System.nanoTime() + settings.maxDelay().toNanos();
    while (batch.size() < settings.maxBatch()) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        queue.drainTo(batch, settings.maxBatch() - batch.size());
        return;
      }
      Pending next = queue.poll(remaining, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
    }
  }

  private void flushWithRetry(List<Pending> batch) throws InterruptedException {
    // In job id order every writer locks job rows in the same order, and duplicates are adjacent
    // (OutcomeRows.updateJobs); the statement trigger then locks batch rows in batch id order.
    batch.sort(BY_JOB_ID);
    long backoffMillis = settings.initialBackoff().toMillis();
    while (true) {
      try {
        boolean[] applied = write(batch);
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).done().complete(applied[i]);
        }
        return;
      } catch (SQLException | RuntimeException e) {
        if (closing && System.nanoTime() > closeDeadlineNanos) {
          failRemaining(batch);
          batch.clear();
          return;
        }
        log.warn(
            "outcome batch not written, retrying size={} backoffMs={} error={}",
            batch.size(),
            backoffMillis,
            e.toString());
        Thread.sleep(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, settings.maxBackoff().toMillis());
      }
    }
  }

  private void failRemaining(List<Pending> batch) {
    List<Pending> left = new ArrayList<>(batch);
    queue.drainTo(left);
    IllegalStateException closed = new IllegalStateException("outcome writer closed");
    left.forEach(p -> p.done().completeExceptionally(closed));
  }

  private boolean[] write(List<Pending> batch) throws SQLException {
    List<FetchOutcome> outcomes = batch.stream().map(Pending::outcome).toList();
    try (Connection con = dataSource.getConnection()) {
      con.setAutoCommit(false);
      try {
        boolean[] applied = rows.updateJobs(con, outcomes);
        try (Statement planCache = con.createStatement()) {
          planCache.execute(CACHED_PLANS_FOR_THIS_TRANSACTION);
        }
        List<FetchOutcome> recorded = new ArrayList<>(outcomes.size());
        for (int i = 0; i < applied.length; i++) {
          if (applied[i]) {
            recorded.add(outcomes.get(i));
          }
        }
        rows.insertAttempts(con, recorded);
        rows.upsertResults(con, recorded);
        writeDeadLetters(con, recorded);
        con.commit();
        return applied;
      } catch (SQLException | RuntimeException e) {
        con.rollback();
        throw e;
      } finally {
        con.setAutoCommit(true);
      }
    }
  }

  private void writeDeadLetters(Connection con, List<FetchOutcome> recorded) throws SQLException {
    try (PreparedStatement ps = con.prepareStatement(UPSERT_DEAD_LETTER_SQL)) {
      int count = 0;
      for (FetchOutcome outcome : recorded) {
        if (bindDeadLetter(ps, outcome)) {
          ps.addBatch();
          count++;
        }
      }
      if (count > 0) {
        ps.executeBatch();
      }
    }
  }

  private boolean bindDeadLetter(PreparedStatement ps, FetchOutcome outcome) throws SQLException {
    if (!(outcome.followUp().orElse(null) instanceof FollowUp.DeadLetter dead)) {
      return false;
    }
    ps.setObject(1, UuidV7.generate(dead.failedAt(), random));
    ps.setObject(2, dead.jobId().value());
    ps.setObject(3, dead.tenantId().value());
    ps.setString(4, dead.url());
    ps.setString(5, dead.host());
    ps.setObject(6, utc(dead.failedAt()));
    ps.setInt(7, outcome.attempt().attempt());
    ps.setString(8, dead.lastError().type());
    ps.setString(9, dead.lastError().message());
    return true;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
