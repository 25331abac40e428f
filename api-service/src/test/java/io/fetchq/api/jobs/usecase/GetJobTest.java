package io.fetchq.api.jobs.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GetJobTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final TenantId OWNER =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000001"));
  private static final TenantId STRANGER =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000002"));

  private final InMemoryJobRepository jobs = new InMemoryJobRepository(new FakeTransactions());
  private final GetJob getJob = new GetJob(jobs);

  private final Job job =
      Job.accept(
          new JobId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000aa")),
          OWNER,
          null,
          SubmitJobTest.request("https://example.org/"),
          NOW);

  @Test
  void findsTheOwnersJob() {
    jobs.put(job);

    assertThat(getJob.get(OWNER, job.id())).contains(job);
  }

  @Test
  void hidesAnotherTenantsJob() {
    jobs.put(job);

    assertThat(getJob.get(STRANGER, job.id())).isEmpty();
  }

  @Test
  void findsNothingForAnUnknownId() {
    assertThat(getJob.get(OWNER, job.id())).isEmpty();
  }
}
