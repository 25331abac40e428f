package io.fetchq.worker.fetch.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.kernel.ids.UuidV7;
import io.fetchq.worker.fetch.domain.AttemptTiming;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.domain.JobError;
import io.fetchq.worker.fetch.usecase.OutcomeRecorder;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
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
 * transaction: a JDBC batch of guarded job updates ({@code status='running' AND attempts=N AND
 * generation=G}), then, for the updates that matched, batches of attempt-history inserts, result
 * upserts (a response that completed the job or exhausted its attempts) and dead-letter upserts
 * (failed jobs). Four round trips at most per batch. Each outcome's future completes after the
 * commit. A failed flush is retried with backoff until it succeeds; nothing is dropped while
 * running.
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

  static final String UPDATE_JOB_SQL =
      """
      UPDATE jobs
         SET status = ?, next_attempt_at = ?, last_error_type = ?, last_error_message = ?,
             completed_at = ?, updated_at = ?
       WHERE id = ? AND status = 'running' AND attempts = ? AND generation = ?
      """;

  /**
   * PostgreSQL's default plan caching instead of the pool's {@code force_custom_plan}
   * (ARCHITECTURE.md "PostgreSQL plans") for this writer's transactions: every statement in them is
   * one row by its key, and so is each foreign-key check of the attempt and result inserts. Planned
   * anew at every execution they were most of the 29 % of PostgreSQL's CPU that bench/run's
   * drain-single spent planning; cached, a key lookup stays an index scan however {@code jobs}
   * grows ({@code CachedPlansIT}).
   */
  static final String CACHED_PLANS_FOR_THIS_TRANSACTION = "SET LOCAL plan_cache_mode = auto";

  static final String INSERT_ATTEMPT_SQL =
      """
      INSERT INTO job_attempts
             (job_id, generation, attempt, due_at, started_at, duration_ms, outcome, status_code,
              error_type, error_message)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING
      """;

  static final String UPSERT_RESULT_SQL =
      """
      INSERT INTO job_results
             (job_id, status_code, headers, body, body_truncated, body_size, duration_ms, fetched_at)
      VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?)
      ON CONFLICT (job_id) DO UPDATE
         SET status_code = EXCLUDED.status_code, headers = EXCLUDED.headers,
             body = EXCLUDED.body, body_truncated = EXCLUDED.body_truncated,
             body_size = EXCLUDED.body_size, duration_ms = EXCLUDED.duration_ms,
             fetched_at = EXCLUDED.fetched_at
      """;

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
  private final ObjectMapper json;
  private final Settings settings;
  private final RandomGenerator random = new SecureRandom();
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closing;
  private volatile long closeDeadlineNanos = Long.MAX_VALUE;

  public BatchingOutcomeWriter(DataSource dataSource, ObjectMapper json, Settings settings) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.json = Objects.requireNonNull(json, "json");
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
    // Job updates lock their batch rows (trigger jobs_status_changed): updating in job id order
    // makes every writer lock batch rows in the same order, so two writers never deadlock.
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
    boolean[] applied = new boolean[batch.size()];
    try (Connection con = dataSource.getConnection()) {
      con.setAutoCommit(false);
      try {
        try (Statement planCache = con.createStatement()) {
          planCache.execute(CACHED_PLANS_FOR_THIS_TRANSACTION);
        }
        try (PreparedStatement update = con.prepareStatement(UPDATE_JOB_SQL)) {
          for (Pending p : batch) {
            bindUpdate(update, p.outcome());
            update.addBatch();
          }
          int[] counts = update.executeBatch();
          for (int i = 0; i < counts.length; i++) {
            applied[i] = counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO;
          }
        }
        writeApplied(con, INSERT_ATTEMPT_SQL, batch, applied, this::bindAttempt);
        writeApplied(con, UPSERT_RESULT_SQL, batch, applied, this::bindResult);
        writeApplied(con, UPSERT_DEAD_LETTER_SQL, batch, applied, this::bindDeadLetter);
        con.commit();
      } catch (SQLException | RuntimeException e) {
        con.rollback();
        throw e;
      } finally {
        con.setAutoCommit(true);
      }
    }
    return applied;
  }

  /** Binds one row for {@code outcome}; false when the statement has nothing to write for it. */
  @FunctionalInterface
  private interface Binder {
    boolean bind(PreparedStatement ps, FetchOutcome outcome) throws SQLException;
  }

  private static void writeApplied(
      Connection con, String sql, List<Pending> batch, boolean[] applied, Binder binder)
      throws SQLException {
    try (PreparedStatement ps = con.prepareStatement(sql)) {
      int rows = 0;
      for (int i = 0; i < batch.size(); i++) {
        if (applied[i] && binder.bind(ps, batch.get(i).outcome())) {
          ps.addBatch();
          rows++;
        }
      }
      if (rows > 0) {
        ps.executeBatch();
      }
    }
  }

  private static void bindUpdate(PreparedStatement ps, FetchOutcome outcome) throws SQLException {
    OffsetDateTime at = utc(outcome.finishedAt());
    ps.setString(1, outcome.status().wireName());
    if (outcome instanceof FetchOutcome.Retrying retrying) {
      ps.setObject(2, utc(retrying.nextAttemptAt()));
    } else {
      ps.setNull(2, Types.TIMESTAMP_WITH_TIMEZONE);
    }
    JobError error = outcome.lastError().orElse(null);
    ps.setString(3, error == null ? null : error.type());
    ps.setString(4, error == null ? null : error.message());
    if (outcome.status().isTerminal()) {
      ps.setObject(5, at);
    } else {
      ps.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE);
    }
    ps.setObject(6, at);
    ps.setObject(7, outcome.attempt().jobId().value());
    ps.setInt(8, outcome.attempt().attempt());
    ps.setInt(9, outcome.attempt().generation());
  }

  private boolean bindAttempt(PreparedStatement ps, FetchOutcome outcome) throws SQLException {
    AttemptTiming timing = outcome.timing();
    ps.setObject(1, outcome.attempt().jobId().value());
    ps.setInt(2, outcome.attempt().generation());
    ps.setInt(3, outcome.attempt().attempt());
    ps.setObject(4, timing.dueAt() == null ? null : utc(timing.dueAt()));
    ps.setObject(5, utc(timing.startedAt()));
    ps.setInt(6, (int) Math.min(Integer.MAX_VALUE, timing.durationMs()));
    ps.setString(7, outcome.attemptOutcome().wireName());
    switch (outcome.result()) {
      case FetchResponse response -> {
        ps.setInt(8, response.statusCode());
        JobError error = outcome.lastError().orElse(null);
        ps.setString(9, error == null ? null : error.type());
        ps.setString(10, error == null ? null : "HTTP " + response.statusCode());
      }
      case FetchError error -> {
        ps.setNull(8, Types.INTEGER);
        ps.setString(9, error.type().wireName());
        ps.setString(10, error.message());
      }
    }
    return true;
  }

  private boolean bindResult(PreparedStatement ps, FetchOutcome outcome) throws SQLException {
    FetchResponse response = outcome.storedResponse().orElse(null);
    if (response == null) {
      return false;
    }
    ps.setObject(1, outcome.attempt().jobId().value());
    ps.setInt(2, response.statusCode());
    ps.setString(3, headersJson(response));
    ps.setBytes(4, response.body());
    ps.setBoolean(5, response.bodyTruncated());
    if (response.bodySize() == null) {
      ps.setNull(6, Types.BIGINT);
    } else {
      ps.setLong(6, response.bodySize());
    }
    ps.setInt(7, (int) Math.min(Integer.MAX_VALUE, response.durationMs()));
    ps.setObject(8, utc(outcome.finishedAt()));
    return true;
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

  private String headersJson(FetchResponse response) {
    try {
      return json.writeValueAsString(response.headers());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("headers not serializable", e);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
