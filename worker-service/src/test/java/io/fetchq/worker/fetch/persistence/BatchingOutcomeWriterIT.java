package io.fetchq.worker.fetch.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.worker.WorkerIntegrationTest;
import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ErrorType;
import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.JobId;
import java.io.PrintWriter;
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
  private static final Instant AT = Instant.parse("2026-11-22T10:00:00.123Z");

  private BatchingOutcomeWriter writer(DataSource source) {
    BatchingOutcomeWriter writer =
        new BatchingOutcomeWriter(
            source,
            json,
            new BatchingOutcomeWriter.Settings(
                500,
                Duration.ofMillis(5),
                Duration.ofMillis(20),
                Duration.ofMillis(100),
                Duration.ofSeconds(2)));
    writer.start();
    return writer;
  }

  private UUID running(int attempt) throws Exception {
    return insert(NewJob.get(URL).withStatus("running", attempt));
  }

  private static FetchOutcome completed(UUID id, int attempt, int status) {
    return new FetchOutcome.Completed(
        new AttemptRef(new JobId(id), attempt),
        new FetchResponse(
            status, Map.of("content-type", "text/plain"), new byte[] {1, 2}, false, 2L, 42),
        AT);
  }

  @Test
  void writesACompletedOutcomeWithItsResultOnce() throws Exception {
    UUID id = running(1);
    try (BatchingOutcomeWriter writer = writer(dataSource)) {
      assertThat(writer.record(completed(id, 1, 200)).get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(writer.record(completed(id, 1, 500)).get(10, TimeUnit.SECONDS))
          .as("a duplicate outcome is a no-op that still completes")
          .isFalse();
    }

    Map<String, Object> job = job(id);
    assertThat(job.get("status")).isEqualTo("completed");
    assertThat(job.get("completed_at"))
        .isEqualTo(java.sql.Timestamp.from(AT.truncatedTo(ChronoUnit.MICROS)));
    Map<String, Object> result = result(id);
    assertThat(result.get("status_code")).isEqualTo(200);
    assertThat((byte[]) result.get("body")).containsExactly(1, 2);
    assertThat(result.get("duration_ms")).isEqualTo(42);
    assertThat(json.readTree((String) result.get("headers")).get("content-type").asText())
        .isEqualTo("text/plain");
  }

  @Test
  void writesAFailureWithoutAResult() throws Exception {
    UUID id = running(2);
    FetchOutcome failed =
        new FetchOutcome.Failed(
            new AttemptRef(new JobId(id), 2), new FetchError(ErrorType.DNS, "no such host"), AT);
    try (BatchingOutcomeWriter writer = writer(dataSource)) {
      assertThat(writer.record(failed).get(10, TimeUnit.SECONDS)).isTrue();
    }

    Map<String, Object> job = job(id);
    assertThat(job.get("status")).isEqualTo("failed");
    assertThat(job.get("last_error_type")).isEqualTo("dns");
    assertThat(job.get("last_error_message")).isEqualTo("no such host");
    assertThat(results(id)).isZero();
  }

  @Test
  void ignoresOutcomesForAttemptsThatAreNoLongerRunning() throws Exception {
    UUID cancelled = insert(NewJob.get(URL).withStatus("cancelled", 0));
    UUID moved = running(3);
    try (BatchingOutcomeWriter writer = writer(dataSource)) {
      assertThat(writer.record(completed(cancelled, 1, 200)).get(10, TimeUnit.SECONDS)).isFalse();
      assertThat(writer.record(completed(moved, 2, 200)).get(10, TimeUnit.SECONDS)).isFalse();
    }

    assertThat(status(cancelled)).isEqualTo("cancelled");
    assertThat(status(moved)).isEqualTo("running");
    assertThat(results(cancelled) + results(moved)).isZero();
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
