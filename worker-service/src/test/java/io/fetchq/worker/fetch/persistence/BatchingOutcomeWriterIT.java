package io.fetchq.worker.fetch.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.kernel.jobs.RetryPolicy;
import io.fetchq.worker.WorkerIntegrationTest;
import io.fetchq.worker.fetch.domain.AttemptTiming;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.ErrorType;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.FetchResult;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.TenantId;
import java.io.PrintWriter;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class BatchingOutcomeWriterIT extends WorkerIntegrationTest {

  private static final String URL = "https://example.org/outcome";
  private static final Instant DUE = Instant.parse("2026-11-22T09:59:59.900Z");
  private static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant AT = Instant.parse("2026-11-22T10:00:00.123Z");

  /** Small delays, so tests wait little; also {@link CachedPlansIT}'s. */
  static final BatchingOutcomeWriter.Settings SETTINGS =
      new BatchingOutcomeWriter.Settings(
          500,
          Duration.ofMillis(5),
          Duration.ofMillis(20),
          Duration.ofMillis(100),
          Duration.ofSeconds(2));

  private BatchingOutcomeWriter writer(DataSource source) {
    BatchingOutcomeWriter writer = new BatchingOutcomeWriter(source, json, SETTINGS);
    writer.start();
    return writer;
  }

  /**
   * A writer that waits a second after an outcome for more: the outcomes a test records at once are
   * written in one flush.
   */
  private BatchingOutcomeWriter oneFlushWriter() {
    BatchingOutcomeWriter writer =
        new BatchingOutcomeWriter(
            dataSource,
            json,
            new BatchingOutcomeWriter.Settings(
                500,
                Duration.ofSeconds(1),
                Duration.ofMillis(20),
                Duration.ofMillis(100),
                Duration.ofSeconds(2)));
    writer.start();
    return writer;
  }

  private UUID running(int attempt) throws Exception {
    return insert(NewJob.get(URL).withStatus("running", attempt).withRetry(3, 1000));
  }

  private static ClaimedJob claimed(UUID id, int generation, int attempt) {
    return new ClaimedJob(
        new JobId(id),
        new TenantId(SYSTEM_TENANT),
        generation,
        attempt,
        new FetchRequest("GET", URI.create(URL), Map.of(), null, Duration.ofSeconds(5), false),
        new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5)),
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  private static FetchResponse response(int status) {
    return new FetchResponse(
        status, Map.of("content-type", "text/plain"), new byte[] {1, 2}, false, 2L, 42);
  }

  private static FetchOutcome outcome(UUID id, int generation, int attempt, FetchResult result) {
    return FetchOutcome.decide(
        claimed(id, generation, attempt),
        result,
        new AttemptTiming(attempt == 1 ? null : DUE, STARTED, AT),
        0.5);
  }

  private static FetchOutcome completed(UUID id, int attempt, int status) {
    return outcome(id, 0, attempt, response(status));
  }

  private Map<String, Object> attemptRow(UUID id, int generation, int attempt) {
    return jdbc()
        .queryForMap(
            "SELECT * FROM job_attempts WHERE job_id = ? AND generation = ? AND attempt = ?",
            id,
            generation,
            attempt);
  }

  private Map<String, Object> deadLetter(UUID id) {
    return jdbc().queryForMap("SELECT * FROM dead_letters WHERE job_id = ?", id);
  }

  private static java.sql.Timestamp ts(Instant instant) {
    return java.sql.Timestamp.from(instant.truncatedTo(ChronoUnit.MICROS));
  }

  @Test
  void writesACompletedOutcomeWithItsResultAndAttemptOnce() throws Exception {
    UUID id = running(1);
    try (BatchingOutcomeWriter writer = writer(dataSource)) {
      assertThat(writer.record(completed(id, 1, 200)).get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(writer.record(completed(id, 1, 404)).get(10, TimeUnit.SECONDS))
          .as("a duplicate outcome is a no-op that still completes")
          .isFalse();
    }

    Map<String, Object> job = job(id);
    assertThat(job.get("status")).isEqualTo("completed");
    assertThat(job.get("completed_at")).isEqualTo(ts(AT));
    assertThat(job.get("next_attempt_at")).isNull();
    Map<String, Object> result = result(id);
    assertThat(result.get("status_code")).isEqualTo(200);
    assertThat((byte[]) result.get("body")).containsExactly(1, 2);
    assertThat(result.get("duration_ms")).isEqualTo(42);
    assertThat(json.readTree((String) result.get("headers")).get("content-type").asText())
        .isEqualTo("text/plain");
    Map<String, Object> attempt = attemptRow(id, 0, 1);
    assertThat(attempt.get("outcome")).isEqualTo("completed");
    assertThat(attempt.get("status_code")).isEqualTo(200);
    assertThat(attempt.get("due_at")).isNull();
    assertThat(attempt.get("started_at")).isEqualTo(ts(STARTED));
    assertThat(attempt.get("duration_ms")).isEqualTo(123);
    assertThat(attempt.get("error_type")).isNull();
  }

  @Test
  void writesARetryWithItsDueTimeAndErrorButNoResult() throws Exception {
    UUID id = running(2);
    FetchOutcome retry = completed(id, 2, 503);
    try (BatchingOutcomeWriter writer = writer(dataSource)) {
      assertThat(writer.record(retry).get(10, TimeUnit.SECONDS)).isTrue();
    }

    Map<String, Object> job = job(id);
    assertThat(job.get("status")).isEqualTo("retrying");
    assertThat(job.get("next_attempt_at"))
        .isEqualTo(ts(((FetchOutcome.Retrying) retry).nextAttemptAt()));
    assertThat(job.get("completed_at")).isNull();
    assertThat(job.get("last_error_type")).isEqualTo("http_status");
    assertThat(job.get("last_error_message")).isEqualTo("HTTP 503");
    assertThat(results(id)).isZero();
    Map<String, Object> attempt = attemptRow(id, 0, 2);
    assertThat(attempt.get("outcome")).isEqualTo("retryable_error");
    assertThat(attempt.get("status_code")).isEqualTo(503);
    assertThat(attempt.get("due_at")).isEqualTo(ts(DUE));
    assertThat(attempt.get("error_type")).isEqualTo("http_status");
  }

  @Test
  void writesAnExhaustedStatusAsFailedWithItsResultAndADeadLetter() throws Exception {
    UUID id = running(3);
    try (BatchingOutcomeWriter writer = writer(dataSource)) {
      assertThat(writer.record(completed(id, 3, 503)).get(10, TimeUnit.SECONDS)).isTrue();
    }

    Map<String, Object> job = job(id);
    assertThat(job.get("status")).isEqualTo("failed");
    assertThat(job.get("completed_at")).isEqualTo(ts(AT));
    assertThat(job.get("last_error_type")).isEqualTo("http_status");
    assertThat(job.get("last_error_message")).isEqualTo("HTTP 503 after 3 attempts");
    assertThat(result(id).get("status_code")).isEqualTo(503);
    assertThat(attemptRow(id, 0, 3).get("outcome")).isEqualTo("failed");
    Map<String, Object> dead = deadLetter(id);
    assertThat(dead.get("tenant_id")).isEqualTo(SYSTEM_TENANT);
    assertThat(dead.get("url")).isEqualTo(URL);
    assertThat(dead.get("host")).isEqualTo("example.org");
    assertThat(dead.get("failed_at")).isEqualTo(ts(AT));
    assertThat(dead.get("attempts")).isEqualTo(3);
    assertThat(dead.get("last_error_type")).isEqualTo("http_status");
    assertThat(dead.get("state")).isEqualTo("dead");
    assertThat(((UUID) dead.get("id")).version()).isEqualTo(7);
  }

  @Test
  void aReplayedJobThatFailsAgainUpdatesItsDeadLetter() throws Exception {
    UUID id = running(1);
    FetchError dns = new FetchError(ErrorType.DNS, "no such host");
    try (BatchingOutcomeWriter writer = writer(dataSource)) {
      assertThat(writer.record(outcome(id, 0, 1, dns)).get(10, TimeUnit.SECONDS)).isTrue();
      UUID entry = (UUID) deadLetter(id).get("id");
      // what a replay does: fresh generation and attempt budget, entry marked replayed
      jdbc()
          .update(
              "UPDATE jobs SET status = 'running', generation = 1, attempts = 1 WHERE id = ?", id);
      jdbc()
          .update(
              "UPDATE dead_letters SET state = 'replayed', replay_count = 1 WHERE job_id = ?", id);
      FetchError refused = new FetchError(ErrorType.DESTINATION_REFUSED, "refused");

      assertThat(writer.record(outcome(id, 1, 1, refused)).get(10, TimeUnit.SECONDS)).isTrue();

      Map<String, Object> dead = deadLetter(id);
      assertThat(dead.get("id")).isEqualTo(entry);
      assertThat(dead.get("state")).isEqualTo("dead");
      assertThat(dead.get("replay_count")).isEqualTo(1);
      assertThat(dead.get("last_error_type")).isEqualTo("destination_refused");
    }
    assertThat(attemptRow(id, 0, 1).get("error_type")).isEqualTo("dns");
    assertThat(attemptRow(id, 1, 1).get("error_type")).isEqualTo("destination_refused");
  }

  @Test
  void writesANonRetryableFailureWithoutAResult() throws Exception {
    UUID id = running(2);
    FetchOutcome failed = outcome(id, 0, 2, new FetchError(ErrorType.DNS, "no such host"));
    try (BatchingOutcomeWriter writer = writer(dataSource)) {
      assertThat(writer.record(failed).get(10, TimeUnit.SECONDS)).isTrue();
    }

    Map<String, Object> job = job(id);
    assertThat(job.get("status")).isEqualTo("failed");
    assertThat(job.get("last_error_type")).isEqualTo("dns");
    assertThat(job.get("last_error_message")).isEqualTo("no such host");
    assertThat(results(id)).isZero();
    Map<String, Object> attempt = attemptRow(id, 0, 2);
    assertThat(attempt.get("status_code")).isNull();
    assertThat(attempt.get("error_message")).isEqualTo("no such host");
    assertThat(deadLetter(id).get("attempts")).isEqualTo(2);
  }

  @Test
  void ignoresOutcomesForAttemptsThatAreNoLongerRunning() throws Exception {
    UUID cancelled = insert(NewJob.get(URL).withStatus("cancelled", 0));
    UUID moved = running(3);
    UUID replayed = insert(NewJob.get(URL).withStatus("running", 1).withGeneration(1));
    try (BatchingOutcomeWriter writer = writer(dataSource)) {
      assertThat(writer.record(completed(cancelled, 1, 200)).get(10, TimeUnit.SECONDS)).isFalse();
      assertThat(writer.record(completed(moved, 2, 200)).get(10, TimeUnit.SECONDS)).isFalse();
      assertThat(writer.record(completed(replayed, 1, 200)).get(10, TimeUnit.SECONDS))
          .as("an outcome of an older generation")
          .isFalse();
    }

    assertThat(status(cancelled)).isEqualTo("cancelled");
    assertThat(status(moved)).isEqualTo("running");
    assertThat(status(replayed)).isEqualTo("running");
    assertThat(results(cancelled) + results(moved) + results(replayed)).isZero();
    assertThat(
            jdbc()
                .queryForObject(
                    "SELECT count(*) FROM job_attempts WHERE job_id IN (?, ?, ?)",
                    Integer.class,
                    cancelled,
                    moved,
                    replayed))
        .isZero();
  }

  @Test
  void twoOutcomesOfOneJobInOneFlushApplyInTheirOrder() throws Exception {
    UUID twice = running(1);
    UUID staleFirst = running(3);
    UUID other = running(1);
    try (BatchingOutcomeWriter writer = oneFlushWriter()) {
      CompletableFuture<Boolean> first = writer.record(completed(twice, 1, 200));
      CompletableFuture<Boolean> second = writer.record(completed(twice, 1, 404));
      CompletableFuture<Boolean> stale = writer.record(completed(staleFirst, 2, 200));
      CompletableFuture<Boolean> current = writer.record(completed(staleFirst, 3, 201));
      CompletableFuture<Boolean> alone = writer.record(completed(other, 1, 200));

      assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(second.get(10, TimeUnit.SECONDS)).as("the job is no longer running").isFalse();
      assertThat(stale.get(10, TimeUnit.SECONDS)).as("an attempt the job is past").isFalse();
      assertThat(current.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(alone.get(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(result(twice).get("status_code")).isEqualTo(200);
    assertThat(result(staleFirst).get("status_code")).isEqualTo(201);
    assertThat(status(other)).isEqualTo("completed");
    assertThat(
            jdbc()
                .queryForObject(
                    "SELECT count(*) FROM job_attempts WHERE job_id IN (?, ?)",
                    Integer.class,
                    twice,
                    staleFirst))
        .isEqualTo(2);
  }

  @Test
  void storesResponsesOfOneFlushOverSeveralStatementsByTheirSize() throws Exception {
    int megabyte = 1024 * 1024;
    int count = OutcomeRows.RESULT_BYTES_PER_STATEMENT / megabyte * 2 + 1; // three statements
    List<UUID> ids = new ArrayList<>();
    List<CompletableFuture<Boolean>> written = new ArrayList<>();
    try (BatchingOutcomeWriter writer = oneFlushWriter()) {
      for (int i = 0; i < count; i++) {
        UUID id = running(1);
        ids.add(id);
        byte[] body = new byte[megabyte];
        java.util.Arrays.fill(body, (byte) i);
        Map<String, String> headers = Map.of("x-odd", "a\"b\\c,{d} " + i, "x-empty", "");
        written.add(
            writer.record(
                outcome(id, 0, 1, new FetchResponse(200, headers, body, true, 5_000_000L, 7))));
      }
      for (CompletableFuture<Boolean> w : written) {
        assertThat(w.get(30, TimeUnit.SECONDS)).isTrue();
      }
    }

    for (int i = 0; i < count; i++) {
      Map<String, Object> stored = result(ids.get(i));
      byte[] body = (byte[]) stored.get("body");
      assertThat(body).hasSize(megabyte);
      assertThat(body[0]).isEqualTo((byte) i);
      assertThat(body[megabyte - 1]).isEqualTo((byte) i);
      assertThat(stored.get("body_truncated")).isEqualTo(true);
      assertThat(stored.get("body_size")).isEqualTo(5_000_000L);
      assertThat(json.readTree((String) stored.get("headers")).get("x-odd").asText())
          .isEqualTo("a\"b\\c,{d} " + i);
      assertThat(json.readTree((String) stored.get("headers")).get("x-empty").asText()).isEmpty();
    }
  }

  @Test
  void writesManyConcurrentOutcomesInBatches() throws Exception {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ids.add(running(1));
    }
    long started = System.nanoTime();
    try (BatchingOutcomeWriter writer = writer(dataSource)) {
      List<CompletableFuture<Boolean>> futures =
          ids.stream().map(id -> writer.record(completed(id, 1, 200))).toList();
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      assertThat(futures).allMatch(f -> f.join());
    }
    long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
    org.slf4j.LoggerFactory.getLogger(getClass()).info("300 outcomes written in {} ms", ms);
    assertThat(
            jdbc()
                .queryForObject(
                    "SELECT count(*) FROM job_results WHERE job_id = ANY(?::uuid[])",
                    Integer.class,
                    (Object) ids.stream().map(UUID::toString).toArray(String[]::new)))
        .isEqualTo(300);
  }

  @Test
  void keepsRetryingWhileTheDatabaseFailsAndLosesNothing() throws Exception {
    UUID id = running(1);
    FlakyDataSource flaky = new FlakyDataSource(dataSource, 3);
    try (BatchingOutcomeWriter writer = writer(flaky)) {
      CompletableFuture<Boolean> done = writer.record(completed(id, 1, 200));

      await().atMost(Duration.ofSeconds(10)).until(done::isDone);
      assertThat(done.join()).isTrue();
    }
    assertThat(flaky.failures.get()).isEqualTo(3);
    assertThat(status(id)).isEqualTo("completed");
  }

  @Test
  void refusesOutcomesAfterClose() throws Exception {
    UUID id = running(1);
    BatchingOutcomeWriter writer = writer(dataSource);
    writer.close();

    assertThat(writer.record(completed(id, 1, 200))).isCompletedExceptionally();
    assertThat(writer.queued()).isZero();
    assertThat(status(id)).isEqualTo("running");
  }

  @Test
  void failsWhatItCannotWriteBeforeTheCloseTimeout() throws Exception {
    UUID id = running(1);
    FlakyDataSource down = new FlakyDataSource(dataSource, Integer.MAX_VALUE);
    BatchingOutcomeWriter writer = writer(down);
    CompletableFuture<Boolean> done = writer.record(completed(id, 1, 200));
    await().atMost(Duration.ofSeconds(5)).until(() -> down.failures.get() > 0);

    writer.close();

    assertThat(done).isCompletedExceptionally();
  }

  /** Fails the first {@code failing} connection requests, then delegates. */
  private static final class FlakyDataSource implements DataSource {
    final DataSource delegate;
    final int failing;
    final AtomicInteger failures = new AtomicInteger();

    FlakyDataSource(DataSource delegate, int failing) {
      this.delegate = delegate;
      this.failing = failing;
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (failures.get() < failing) {
        failures.incrementAndGet();
        throw new SQLException("database unavailable (test)", "08006");
      }
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
