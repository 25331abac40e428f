package io.fetchq.api.jobs.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListJobsTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final TenantId OTHER =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000d1"));

  private final FakeTransactions transactions = new FakeTransactions();
  private final InMemoryJobRepository jobs = new InMemoryJobRepository(transactions);
  private final ListJobs listJobs = new ListJobs(new InMemoryJobListing(jobs));
  private final SplittableRandom random = new SplittableRandom(3);

  @Test
  void walksEveryJobOfTheTenantNewestFirstWithoutGapsOrRepeats() {
    List<JobId> added = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      added.add(add(TenantId.SYSTEM, T0.plusMillis(i)));
      add(OTHER, T0.plusMillis(i));
    }

    List<JobId> seen = new ArrayList<>();
    JobQuery query = JobQuery.all(TenantId.SYSTEM);
    int pages = 0;
    while (true) {
      JobPage page = listJobs.list(query, 5);
      pages++;
      page.items().forEach(job -> seen.add(job.id()));
      if (page.nextIfAny().isEmpty()) {
        break;
      }
      assertThat(page.items()).hasSize(5);
      query = query.below(page.next());
    }

    assertThat(pages).isEqualTo(5);
    assertThat(seen).isEqualTo(added.reversed());
  }

  @Test
  void aFullLastPageHasNoNextCursor() {
    for (int i = 0; i < 4; i++) {
      add(TenantId.SYSTEM, T0.plusMillis(i));
    }
    JobPage page = listJobs.list(JobQuery.all(TenantId.SYSTEM), 4);

    assertThat(page.items()).hasSize(4);
    assertThat(page.next()).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 201})
  void refusesLimitsOutsideOneToTwoHundred(int limit) {
    assertThatThrownBy(() -> listJobs.list(JobQuery.all(TenantId.SYSTEM), limit))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jobsSubmittedWhilePagingDoNotShiftThePages() {
    Set<JobId> before = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      before.add(add(TenantId.SYSTEM, T0.plusMillis(i)));
    }
    JobPage first = listJobs.list(JobQuery.all(TenantId.SYSTEM), 4);
    for (int i = 0; i < 10; i++) {
      add(TenantId.SYSTEM, T0.plusSeconds(60).plusMillis(i));
    }
    JobPage second = listJobs.list(JobQuery.all(TenantId.SYSTEM).below(first.next()), 200);

    Set<JobId> seen = new HashSet<>();
    first.items().forEach(job -> seen.add(job.id()));
    second.items().forEach(job -> assertThat(seen.add(job.id())).isTrue());
    assertThat(seen).isEqualTo(before);
  }

  private JobId add(TenantId tenant, Instant at) {
    Job job =
        Job.accept(
            JobId.newId(at, random),
            tenant,
            null,
            new JobRequest(
                "https://example.org/",
                HttpMethod.GET,
                Map.of(),
                null,
                Duration.ofSeconds(1),
                true,
                RetryPolicy.DEFAULT,
                null,
                Map.of()),
            at);
    transactions.inTransaction(
        () -> {
          jobs.add(job);
          return null;
        });
    return job.id();
  }
}
