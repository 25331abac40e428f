package io.fetchq.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.contracts.DatabaseChannels;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The status triggers (changesets 0008 and 0011: {@code jobs_status_changed} per row, {@code
 * jobs_batch_progress} per statement): exactly one webhook event row per terminal transition
 * (whatever repeats the update), batch completion detected once even when the last jobs finish in
 * concurrent transactions or together in one statement, and the notifications sent at commit only.
 */
class JobStatusTriggerIT extends ApiIntegrationTest {

  private static final UUID SYSTEM_TENANT = UUID.fromString("00000000-0000-0000-0000-000000000001");

  @Test
  void aTerminalTransitionWithACallbackRecordsExactlyOneEvent() {
    UUID job = insertJob(null, "https://hooks.example/a");

    update(job, "status = 'running', attempts = 1", "status = 'queued'");
    update(job, "status = 'completed', completed_at = now()", "status = 'running'");
    // a redelivered outcome: the guarded update matches nothing, no second event
    update(job, "status = 'completed', completed_at = now()", "status = 'running'");
    // an update that does not change the status
    update(job, "updated_at = now()", "true");

    List<Map<String, Object>> events = eventsOf(job);
    assertThat(events).hasSize(1);
    assertThat(events.getFirst())
        .containsEntry("event_type", "job.completed")
        .containsEntry("state", "new")
        .containsEntry("url", "https://hooks.example/a")
        .containsEntry("tenant_id", SYSTEM_TENANT)
        .containsEntry("attempts", 0);
    assertThat(events.getFirst().get("payload")).isNull();
  }

  @Test
  void theEventIdIsDerivedFromTheTransition() {
    UUID job = insertJob(null, "https://hooks.example/b");
    update(job, "status = 'cancelled', completed_at = now()", "status = 'queued'");

    UUID expected =
        UUID.fromString(
            jdbc()
                .sql("SELECT md5('job:' || ? || ':0:cancelled')::uuid::text")
                .param(job.toString())
                .query(String.class)
                .single());
    assertThat(eventsOf(job))
        .singleElement()
        .satisfies(e -> assertThat(e.get("id")).isEqualTo(expected));
  }

  @Test
  void noCallbackUrlMeansNoEvent() {
    UUID job = insertJob(null, null);
    update(job, "status = 'failed', completed_at = now()", "status = 'queued'");

    assertThat(eventsOf(job)).isEmpty();
  }

  @Test
  void aReplayedJobsNextTerminalTransitionIsANewEvent() {
    UUID job = insertJob(null, "https://hooks.example/c");
    update(job, "status = 'failed', completed_at = now()", "status = 'queued'");
    update(
        job,
        "status = 'queued', generation = generation + 1, completed_at = null",
        "status = 'failed'");
    update(job, "status = 'failed', completed_at = now()", "status = 'queued'");

    assertThat(eventsOf(job))
        .extracting(e -> e.get("event_type"))
        .containsExactly("job.failed", "job.failed");
    assertThat(eventsOf(job)).extracting(e -> e.get("id")).doesNotHaveDuplicates();
  }

  @Test
  void aBatchCompletesOnceWhenItsLastJobsFinishConcurrently() throws Exception {
    int size = 10; // below the pool size: every transaction holds a connection at the barrier
    UUID batch = insertBatch(size, "https://hooks.example/batch");
    List<UUID> jobs = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      jobs.add(insertJob(batch, null));
    }

    // one transaction per job, all released at once: each sees the others' rows uncommitted
    CyclicBarrier start = new CyclicBarrier(size);
    try (ExecutorService pool = Executors.newFixedThreadPool(size)) {
      List<Future<?>> done = new ArrayList<>();
      for (UUID job : jobs) {
        done.add(
            pool.submit(
                () -> {
                  try (Connection con = dataSource.getConnection();
                      Statement st = con.createStatement()) {
                    con.setAutoCommit(false);
                    start.await(30, TimeUnit.SECONDS);
                    st.executeUpdate(
                        "UPDATE jobs SET status = 'completed', completed_at = now() WHERE id = '"
                            + job
                            + "'");
                    con.commit();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }

    assertThat(batchEvents(batch))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("event_type")).isEqualTo("batch.completed");
              assertThat(e.get("url")).isEqualTo("https://hooks.example/batch");
            });
    assertThat(batchCounters(batch))
        .containsEntry("terminal_jobs", size)
        .containsEntry("completions", 1);
  }

  @Test
  void oneStatementEndingJobsOfTwoBatchesCountsEachJobOnceAndCompletesTheFullBatch() {
    UUID full = insertBatch(3, "https://hooks.example/full");
    UUID partial = insertBatch(3, "https://hooks.example/partial");
    UUID first = insertJob(full, null);
    UUID second = insertJob(full, null);
    UUID third = insertJob(full, null);
    UUID other = insertJob(partial, null);
    insertJob(partial, null);
    update(first, "status = 'completed', completed_at = '2026-12-05T10:00:00Z'", "true");

    int ended =
        jdbc()
            .sql(
                """
                UPDATE jobs
                   SET status = CASE WHEN id = ? THEN 'failed' ELSE 'completed' END,
                       completed_at = CASE WHEN id = ? THEN timestamptz '2026-12-05T10:00:02Z'
                                           ELSE timestamptz '2026-12-05T10:00:01Z' END
                 WHERE id IN (?, ?, ?)
                """)
            .params(third, third, second, third, other)
            .update();

    assertThat(ended).isEqualTo(3);
    assertThat(batchCounters(full))
        .containsEntry("terminal_jobs", 3)
        .containsEntry("completions", 1);
    assertThat(batchEvents(full))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.get("occurred_at"))
                    .as("the time of the job that completed the batch, the latest of them")
                    .isEqualTo(java.sql.Timestamp.from(Instant.parse("2026-12-05T10:00:02Z"))));
    assertThat(batchCounters(partial))
        .containsEntry("terminal_jobs", 1)
        .containsEntry("completions", 0);
    assertThat(batchEvents(partial)).isEmpty();
  }

  @Test
  void aStatementThatEndsNoJobLeavesTheBatchCountersAlone() {
    UUID batch = insertBatch(2, "https://hooks.example/claimed");
    UUID first = insertJob(batch, null);
    UUID second = insertJob(batch, null);

    jdbc()
        .sql("UPDATE jobs SET status = 'running', attempts = 1 WHERE id IN (?, ?)")
        .params(first, second)
        .update();
    update(first, "status = 'retrying'", "status = 'running'");

    assertThat(batchCounters(batch))
        .containsEntry("terminal_jobs", 0)
        .containsEntry("completions", 0);
    assertThat(batchEvents(batch)).isEmpty();
  }

  @Test
  void aReopenedBatchCompletesAgainAsANewEvent() {
    UUID batch = insertBatch(2, "https://hooks.example/reopen");
    UUID first = insertJob(batch, null);
    UUID second = insertJob(batch, null);
    update(first, "status = 'completed', completed_at = now()", "status = 'queued'");
    assertThat(batchEvents(batch)).isEmpty();
    update(second, "status = 'failed', completed_at = now()", "status = 'queued'");
    assertThat(batchEvents(batch)).hasSize(1);

    update(second, "status = 'queued', generation = 1, completed_at = null", "status = 'failed'");
    assertThat(batchCounters(batch)).containsEntry("terminal_jobs", 1);
    update(second, "status = 'completed', completed_at = now()", "status = 'queued'");

    assertThat(batchEvents(batch)).hasSize(2).extracting(e -> e.get("id")).doesNotHaveDuplicates();
    assertThat(batchCounters(batch))
        .containsEntry("terminal_jobs", 2)
        .containsEntry("completions", 2);
  }

  @Test
  void aBatchWithoutCallbackUrlCountsButRecordsNoEvent() {
    UUID batch = insertBatch(1, null);
    UUID job = insertJob(batch, null);
    update(job, "status = 'cancelled', completed_at = now()", "status = 'queued'");

    assertThat(batchEvents(batch)).isEmpty();
    assertThat(batchCounters(batch))
        .containsEntry("terminal_jobs", 1)
        .containsEntry("completions", 1);
  }

  @Test
  void statusChangesAreNotifiedAtCommitAndNeverForARollback() throws Exception {
    UUID batch = insertBatch(1, null);
    UUID job = insertJob(batch, "https://hooks.example/n");
    try (Connection listener = dataSource.getConnection();
        Statement listen = listener.createStatement()) {
      listen.execute("LISTEN " + DatabaseChannels.JOB_EVENTS);
      listen.execute("LISTEN " + DatabaseChannels.WEBHOOK_EVENTS);
      PGConnection pg = listener.unwrap(PGConnection.class);

      try (Connection con = dataSource.getConnection();
          Statement st = con.createStatement()) {
        con.setAutoCommit(false);
        st.executeUpdate("UPDATE jobs SET status = 'running' WHERE id = '" + job + "'");
        con.rollback();
        st.executeUpdate("UPDATE jobs SET status = 'running' WHERE id = '" + job + "'");
        st.executeUpdate(
            "UPDATE jobs SET status = 'completed', completed_at = now() WHERE id = '" + job + "'");
        assertThat(notifications(pg, 200)).as("nothing before commit").isEmpty();
        con.commit();
        con.setAutoCommit(true);
      }

      List<PGNotification> received = notifications(pg, 5_000);
      assertThat(received)
          .filteredOn(n -> n.getName().equals(DatabaseChannels.JOB_EVENTS))
          .extracting(PGNotification::getParameter)
          .containsExactly(job + " " + batch);
      assertThat(received)
          .filteredOn(n -> n.getName().equals(DatabaseChannels.WEBHOOK_EVENTS))
          .extracting(PGNotification::getParameter)
          .containsExactly(eventsOf(job).getFirst().get("id").toString());
    }
  }

  /** Reads notifications until none arrives for {@code quietMillis} (the first wait included). */
  private static List<PGNotification> notifications(PGConnection pg, int quietMillis)
      throws Exception {
    List<PGNotification> all = new ArrayList<>();
    while (true) {
      PGNotification[] batch = pg.getNotifications(quietMillis);
      if (batch == null || batch.length == 0) {
        return all;
      }
      all.addAll(List.of(batch));
      quietMillis = Math.min(quietMillis, 300);
    }
  }

  private UUID insertBatch(int size, String callbackUrl) {
    UUID id = UUID.randomUUID();
    jdbc()
        .sql(
            "INSERT INTO batches (id, tenant_id, size, callback_url, created_at)"
                + " VALUES (?, ?, ?, ?, now())")
        .params(id, SYSTEM_TENANT, size, callbackUrl)
        .update();
    return id;
  }

  private UUID insertJob(UUID batch, String callbackUrl) {
    UUID id = UUID.randomUUID();
    jdbc()
        .sql(
            """
            INSERT INTO jobs (id, tenant_id, batch_id, status, method, url, timeout_ms,
                              follow_redirects, max_attempts, retry_initial_delay_ms,
                              retry_multiplier, retry_max_delay_ms, callback_url, created_at,
                              updated_at)
            VALUES (?, ?, ?, 'queued', 'GET', 'https://target.example/x', 1000, true, 3, 100, 2,
                    1000, ?, now(), now())
            """)
        .params(id, SYSTEM_TENANT, batch, callbackUrl)
        .update();
    return id;
  }

  private void update(UUID job, String set, String guard) {
    jdbc().sql("UPDATE jobs SET " + set + " WHERE id = ? AND " + guard).param(job).update();
  }

  private List<Map<String, Object>> eventsOf(UUID job) {
    return jdbc()
        .sql("SELECT * FROM webhook_deliveries WHERE job_id = ? ORDER BY occurred_at, id")
        .param(job)
        .query()
        .listOfRows();
  }

  private List<Map<String, Object>> batchEvents(UUID batch) {
    return jdbc()
        .sql("SELECT * FROM webhook_deliveries WHERE batch_id = ? ORDER BY occurred_at, id")
        .param(batch)
        .query()
        .listOfRows();
  }

  private Map<String, Object> batchCounters(UUID batch) {
    return jdbc()
        .sql("SELECT terminal_jobs, completions FROM batches WHERE id = ?")
        .param(batch)
        .query()
        .singleRow();
  }
}
