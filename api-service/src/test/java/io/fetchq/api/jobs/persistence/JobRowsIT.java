package io.fetchq.api.jobs.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.domain.RequestBody;
import io.fetchq.api.jobs.usecase.JobListing;
import io.fetchq.api.jobs.usecase.JobQuery;
import io.fetchq.api.jobs.usecase.JobRepository;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The JDBC bulk path writes the columns JPA writes: jobs stored with {@code addAll} read back
 * through JPA equal to what was stored, and the JDBC listing reads what JPA reads.
 */
class JobRowsIT extends ApiIntegrationTest {

  @Autowired private JobRepository jobs;
  @Autowired private JobListing listing;
  @Autowired private Transactions transactions;

  private final Random random = new Random();

  @Test
  void jobsStoredInBulkReadBackThroughJpaUnchanged() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    UUID batch = UUID.randomUUID();
    jdbc()
        .sql("INSERT INTO batches (id, tenant_id, size, created_at) VALUES (?, ?, 600, ?)")
        .params(batch, TenantId.SYSTEM.value(), Timestamp.from(now))
        .update();
    List<Job> stored = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      stored.add(
          Job.accept(
              JobId.newId(now, random),
              TenantId.SYSTEM,
              i % 2 == 0 ? batch : null,
              i % 3 == 0 ? fullRequest(i) : minimalRequest(),
              now));
    }

    transactions.inTransaction(
        () -> {
          jobs.addAll(stored);
          return null;
        });

    for (Job job : List.of(stored.get(0), stored.get(1), stored.get(299), stored.get(599))) {
      assertThat(jobs.find(TenantId.SYSTEM, job.id())).contains(job);
    }
    assertThat(
            jdbc()
                .sql("SELECT count(*) FROM jobs WHERE batch_id = ?")
                .param(batch)
                .query(Long.class)
                .single())
        .isEqualTo(300);
  }

  @Test
  void theListingReadsWhatJpaReadsResultsIncluded() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    TenantId tenant = newTenant();
    Job plain = Job.accept(JobId.newId(now, random), tenant, null, fullRequest(1), now);
    Job withResult =
        Job.accept(JobId.newId(now.plusMillis(1), random), tenant, null, minimalRequest(), now);
    transactions.inTransaction(
        () -> {
          jobs.addAll(List.of(plain, withResult));
          return null;
        });
    jdbc()
        .sql(
            """
            INSERT INTO job_results (job_id, status_code, headers, body, body_truncated, body_size,
                                     duration_ms, fetched_at)
            VALUES (?, 200, '{"content-type": "text/plain"}'::jsonb, ?, true, NULL, 87, ?)
            """)
        .params(withResult.id().value(), "partial".getBytes(), Timestamp.from(now))
        .update();
    jdbc()
        .sql(
            "UPDATE jobs SET status = 'completed', attempts = 1, completed_at = ?,"
                + " last_error_type = 'http_status', last_error_message = NULL WHERE id = ?")
        .params(Timestamp.from(now), withResult.id().value())
        .update();

    List<Job> listed = listing.newestFirst(JobQuery.all(tenant), 10);

    assertThat(listed)
        .containsExactly(
            jobs.find(tenant, withResult.id()).orElseThrow(),
            jobs.find(tenant, plain.id()).orElseThrow());
    assertThat(listed.getFirst().result().bodyTruncated()).isTrue();
    assertThat(listed.getFirst().result().bodySize()).isNull();
    assertThat(listed.getLast().result()).isNull();
  }

  @Test
  void aDuplicateIdFailsTheWholeInsert() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Job job = Job.accept(JobId.newId(now, random), TenantId.SYSTEM, null, minimalRequest(), now);
    Job other = Job.accept(JobId.newId(now, random), TenantId.SYSTEM, null, minimalRequest(), now);

    assertThatThrownBy(
            () ->
                transactions.inTransaction(
                    () -> {
                      jobs.addAll(List.of(other, job, job));
                      return null;
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(jobs.find(TenantId.SYSTEM, other.id())).isEmpty();
  }

  @Test
  void bulkInsertsUseCachedPlansForTheRestOfTheirTransactionOnly() throws SQLException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (Connection connection = dataSource.getConnection()) {
      JobRows rows = new JobRows(new SingleConnectionDataSource(connection, true), json);
      connection.setAutoCommit(false);
      try {
        rows.insertAll(List.of(newJob(now)), null, null);
        assertThat(planCacheMode(connection))
            .as("one job: one foreign-key check, not worth a statement")
            .isEqualTo("force_custom_plan");

        rows.insertAll(List.of(newJob(now), newJob(now)), null, null);
        assertThat(planCacheMode(connection)).isEqualTo("auto");
        connection.commit();
        assertThat(planCacheMode(connection)).isEqualTo("force_custom_plan");

        rows.insertEach(List.of(newJob(now)), List.of(Map.of()));
        assertThat(planCacheMode(connection)).isEqualTo("auto");
        connection.rollback();
        assertThat(planCacheMode(connection)).isEqualTo("force_custom_plan");
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    }
  }

  private Job newJob(Instant now) {
    return Job.accept(JobId.newId(now, random), TenantId.SYSTEM, null, minimalRequest(), now);
  }

  private static String planCacheMode(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement();
        ResultSet mode = sql.executeQuery("SHOW plan_cache_mode")) {
      assertThat(mode.next()).isTrue();
      return mode.getString(1);
    }
  }

  private TenantId newTenant() {
    UUID id = UUID.randomUUID();
    jdbc()
        .sql(
            "INSERT INTO tenants (id, name, rate_limit_per_second, rate_limit_burst,"
                + " webhook_secret) VALUES (?, ?, 10, 10, 'whsec_x')")
        .params(id, "rows-" + id)
        .update();
    return new TenantId(id);
  }

  private static JobRequest fullRequest(int i) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/json");
    headers.put("X-Note", "tabs\tand \"quotes\" and ünïcode " + i);
    return new JobRequest(
        "https://example.org/data.json?q=" + i,
        HttpMethod.POST,
        headers,
        new RequestBody(new byte[] {0, 1, 2, (byte) 0xff, (byte) i}, i % 2 == 0),
        Duration.ofMillis(2500),
        false,
        new RetryPolicy(3, Duration.ofMillis(200), 1.5, Duration.ofSeconds(10)),
        "https://client.example/hooks/" + i,
        Map.of("orderId", Integer.toString(i), "empty", ""));
  }

  private static JobRequest minimalRequest() {
    return new JobRequest(
        "http://example.org/",
        HttpMethod.GET,
        Map.of(),
        null,
        Duration.ofSeconds(10),
        true,
        RetryPolicy.DEFAULT,
        null,
        Map.of());
  }
}
