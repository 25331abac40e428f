package io.fetchq.worker.fetch.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.usecase.OutcomeRecorder;
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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for attempt outcomes: one writer thread drains the queue (up to {@code maxBatch}
 * outcomes, waiting at most {@code maxDelay} after the first) and writes the batch in one
 * transaction: a JDBC batch of guarded job updates, then a batch of result upserts for the updates
 * that matched. Each outcome's future completes after the commit. A failed flush is retried with
 * backoff until it succeeds; nothing is dropped while running.
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
         SET status = ?, completed_at = ?, updated_at = ?, last_error_type = ?,
             last_error_message = ?, next_attempt_at = NULL
       WHERE id = ? AND status = 'running' AND attempts = ?
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

  private record Pending(FetchOutcome outcome, CompletableFuture<Boolean> done) {}

  private final DataSource dataSource;
  private final ObjectMapper json;
  private final Settings settings;
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
        int results = 0;
        try (PreparedStatement upsert = con.prepareStatement(UPSERT_RESULT_SQL)) {
          for (int i = 0; i < batch.size(); i++) {
            if (applied[i] && batch.get(i).outcome() instanceof FetchOutcome.Completed c) {
              bindResult(upsert, c);
              upsert.addBatch();
              results++;
            }
          }
          if (results > 0) {
            upsert.executeBatch();
          }
        }
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

  private static void bindUpdate(PreparedStatement ps, FetchOutcome outcome) throws SQLException {
    OffsetDateTime at = utc(outcome.finishedAt());
    ps.setString(1, outcome.status().wireName());
    ps.setObject(2, at);
    ps.setObject(3, at);
    if (outcome instanceof FetchOutcome.Failed failed) {
      ps.setString(4, failed.error().type().wireName());
      ps.setString(5, failed.error().message());
    } else {
      ps.setNull(4, Types.VARCHAR);
      ps.setNull(5, Types.VARCHAR);
    }
    ps.setObject(6, outcome.attempt().jobId().value());
    ps.setInt(7, outcome.attempt().attempt());
  }

  private void bindResult(PreparedStatement ps, FetchOutcome.Completed completed)
      throws SQLException {
    FetchResponse response = completed.response();
    ps.setObject(1, completed.attempt().jobId().value());
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
    ps.setObject(8, utc(completed.finishedAt()));
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
