package io.fetchq.api.jobs.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.jobs.domain.CallbackDelivery;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.domain.JobResult;
import io.fetchq.api.jobs.domain.RequestBody;
import io.fetchq.api.jobs.usecase.JobRepository;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tracing.Tracing;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * {@link JobRepository} on PostgreSQL through JPA. Maps between the domain {@link Job} and the
 * package-private entities, which never leave this package. A {@code @Component}, not a
 * {@code @Repository}: the Spring Data repository already translates exceptions, and this class
 * reports a conflicting id as the port promises ({@link IllegalStateException}).
 *
 * <p>New jobs are stored with the current trace context (the accepting request's SERVER span), so
 * the outbox relay and the job's webhook deliveries join the request's trace. It is written with
 * the row: a second {@code UPDATE} per job cost a dead tuple each, and its cached generic plan
 * (made while the table was small) turned into a sequential scan per submission.
 */
@Component("apiJobRepository")
public class JpaJobRepository implements JobRepository {

  private final JobEntityRepository jobs;
  private final JobRows rows;
  private final Tracing tracing;

  JpaJobRepository(
      JobEntityRepository jobs, DataSource dataSource, ObjectMapper json, Tracing tracing) {
    this.jobs = jobs;
    this.rows = new JobRows(dataSource, json);
    this.tracing = tracing;
  }

  /**
   * One {@code INSERT} through {@link JobRows}, as for a batch: Hibernate's persist, flush and
   * dirty check were 13 % of a submission's CPU (JFR, bench/run submit-64) for a row this request
   * never reads back.
   */
  @Override
  public void add(Job job) {
    addAll(List.of(job));
  }

  /**
   * Inserts with multi-row {@code INSERT ... VALUES} statements on the transaction's connection
   * ({@link JobRows}), not one persist per job: a batch of 1000 jobs is four statements. The
   * entities are not in the persistence context afterwards; reads load them from the database.
   */
  @Override
  public void addAll(List<Job> jobs) {
    Map<String, String> trace = tracing.currentHeaders();
    rows.insertAll(jobs, trace.get(Tracing.TRACEPARENT), trace.get(Tracing.TRACESTATE));
  }

  @Override
  public Optional<Job> find(TenantId tenant, JobId id) {
    return jobs.findByIdAndTenantId(id.value(), tenant.value()).map(this::withDelivery);
  }

  @Override
  public Optional<Job> lock(TenantId tenant, JobId id) {
    return jobs.lockByIdAndTenantId(id.value(), tenant.value()).map(this::withDelivery);
  }

  /** The job of {@code row} with its latest webhook delivery (a second, indexed statement). */
  private Job withDelivery(JobEntity row) {
    return toDomain(row, row.callbackUrl() == null ? null : rows.latestDelivery(row.getId()));
  }

  @Override
  public void update(Job job) {
    JobEntity row =
        jobs.findById(job.id().value())
            .filter(found -> found.tenantId().equals(job.tenantId().value()))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no job with id=" + job.id() + " of tenant " + job.tenantId()));
    JobError error = job.lastError();
    row.state(
            job.status(),
            job.attempts(),
            job.generation(),
            job.nextAttemptAt(),
            error == null ? null : error.type(),
            error == null ? null : error.message())
        .times(job.createdAt(), job.updatedAt(), job.completedAt());
    if (job.result() == null && row.result() != null) {
      jobs.deleteResult(job.id().value());
      row.withoutResult();
    }
    jobs.flush();
  }

  static Job toDomain(JobEntity row, CallbackDelivery callback) {
    JobRequest request =
        new JobRequest(
            row.url(),
            HttpMethod.valueOf(row.method()),
            orEmpty(row.requestHeaders()),
            row.requestBody() == null
                ? null
                : new RequestBody(row.requestBody(), row.requestBodyBase64()),
            Duration.ofMillis(row.timeoutMs()),
            row.followRedirects(),
            new RetryPolicy(
                row.maxAttempts(),
                Duration.ofMillis(row.retryInitialDelayMs()),
                row.retryMultiplier(),
                Duration.ofMillis(row.retryMaxDelayMs())),
            row.callbackUrl(),
            orEmpty(row.metadata()));
    JobResultEntity result = row.result();
    return new Job(
        new JobId(row.getId()),
        new TenantId(row.tenantId()),
        row.batchId(),
        row.status(),
        request,
        row.attempts(),
        row.generation(),
        row.nextAttemptAt(),
        row.createdAt(),
        row.updatedAt(),
        row.completedAt(),
        result == null ? null : toDomain(result),
        row.lastErrorType() == null
            ? null
            : new JobError(
                row.lastErrorType(), row.lastErrorMessage() == null ? "" : row.lastErrorMessage()),
        callback);
  }

  private static JobResult toDomain(JobResultEntity row) {
    return new JobResult(
        row.statusCode(),
        orEmpty(row.headers()),
        row.body(),
        row.bodyTruncated(),
        row.bodySize(),
        row.durationMs(),
        row.fetchedAt());
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
