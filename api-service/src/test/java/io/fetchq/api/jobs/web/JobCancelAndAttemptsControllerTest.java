package io.fetchq.api.jobs.web;

import static io.fetchq.api.jobs.web.JobWebTestConfiguration.ADMIN_KEY;
import static io.fetchq.api.jobs.web.JobWebTestConfiguration.NOW;
import static io.fetchq.api.jobs.web.JobWebTestConfiguration.OTHER_TENANT_KEY;
import static io.fetchq.api.jobs.web.JobWebTestConfiguration.READ_ONLY_KEY;
import static io.fetchq.api.jobs.web.JobWebTestConfiguration.WRITE_ONLY_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.config.ApiConfiguration;
import io.fetchq.api.config.ApiSecurityConfiguration;
import io.fetchq.api.config.ApiWebConfiguration;
import io.fetchq.api.jobs.domain.AttemptOutcome;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobAttempt;
import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.jobs.usecase.InMemoryJobAttemptRepository;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.jobs.usecase.RecordingJobDispatches;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** {@code DELETE /api/v1/jobs/{id}} and {@code GET /api/v1/jobs/{id}/attempts}, and GET shapes. */
@WebMvcTest(
    controllers = JobController.class,
    properties = {
      "fetchq.api.bootstrap-admin-key=" + ADMIN_KEY,
      "fetchq.api.additional-sensitive-headers=X-Secret-Token",
      "fetchq.destinations.allowed-cidrs="
    })
@Import({
  JobWebTestConfiguration.class,
  ApiConfiguration.class,
  ApiWebConfiguration.class,
  ApiSecurityConfiguration.class
})
class JobCancelAndAttemptsControllerTest {

  private static final String JOBS = "/api/v1/jobs";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant CREATED = Instant.parse("2026-11-22T09:00:00Z");
  private static final String NOW_SHOWN = "2026-11-22T10:00:00.123Z";

  @Autowired MockMvc mvc;
  @Autowired InMemoryJobRepository jobs;
  @Autowired InMemoryJobAttemptRepository attempts;
  @Autowired RecordingJobDispatches dispatches;
  @Autowired FakeTransactions transactions;

  @BeforeEach
  void emptyFakes() {
    jobs.clear();
    attempts.clear();
    dispatches.clear();
    transactions.reset();
  }

  // --- cancel -----------------------------------------------------------------------------------

  @Test
  void cancelsAQueuedJob() throws Exception {
    Job job = stored(JobStatus.QUEUED, TenantId.SYSTEM);

    cancel(job, ADMIN_KEY)
        .andExpect(status().isOk())
        .andExpect(content().contentType(MediaType.APPLICATION_JSON))
        .andExpect(jsonPath("$.id").value(job.id().toString()))
        .andExpect(jsonPath("$.status").value("cancelled"))
        .andExpect(jsonPath("$.completedAt").value(NOW_SHOWN))
        .andExpect(jsonPath("$.updatedAt").value(NOW_SHOWN))
        .andExpect(jsonPath("$.nextAttemptAt").isEmpty())
        .andExpect(jsonPath("$.attempts").value(0))
        .andExpect(jsonPath("$.request.headers.Authorization").value("***"));

    assertThat(jobs.find(TenantId.SYSTEM, job.id()).orElseThrow().status())
        .isEqualTo(JobStatus.CANCELLED);
    assertThat(transactions.committed()).isEqualTo(1);
    assertThat(dispatches.messages()).isEmpty();
  }

  @Test
  void cancelsARetryingJobWithAWriteOnlyKey() throws Exception {
    Job job = stored(JobStatus.RETRYING, TenantId.SYSTEM);

    cancel(job, WRITE_ONLY_KEY)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("cancelled"))
        .andExpect(jsonPath("$.nextAttemptAt").isEmpty())
        .andExpect(jsonPath("$.completedAt").value(NOW_SHOWN))
        .andExpect(jsonPath("$.attempts").value(2))
        .andExpect(jsonPath("$.lastError.type").value("http_status"));

    assertThat(jobs.find(TenantId.SYSTEM, job.id()).orElseThrow().status())
        .isEqualTo(JobStatus.CANCELLED);
  }

  @ParameterizedTest
  @EnumSource(
      value = JobStatus.class,
      names = {"RUNNING", "COMPLETED", "FAILED", "CANCELLED"})
  void refusesToCancelAJobThatIsNotQueuedOrRetrying(JobStatus status) throws Exception {
    Job job = stored(status, TenantId.SYSTEM);

    expectProblem(cancel(job, ADMIN_KEY), 409, "job-not-cancellable")
        .andExpect(jsonPath("$.title").value("Job not cancellable"))
        .andExpect(jsonPath("$.detail").value(containsString("is " + status.wireName())));

    assertThat(jobs.find(TenantId.SYSTEM, job.id())).contains(job);
  }

  @Test
  void answersNotFoundWhenCancellingAnotherTenantsJob() throws Exception {
    Job job = stored(JobStatus.QUEUED, TenantId.SYSTEM);

    expectProblem(cancel(job, OTHER_TENANT_KEY), 404, "not-found");

    assertThat(jobs.find(TenantId.SYSTEM, job.id())).contains(job);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/0190f5c2-0000-7000-8000-00000000abcd", "/not-a-uuid"})
  void answersNotFoundWhenCancellingAnUnknownJob(String path) throws Exception {
    expectProblem(
        mvc.perform(delete(JOBS + path).header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))),
        404,
        "not-found");
  }

  @Test
  void refusesToCancelWithoutAKey() throws Exception {
    Job job = stored(JobStatus.QUEUED, TenantId.SYSTEM);

    expectProblem(mvc.perform(delete(JOBS + "/" + job.id())), 401, "unauthorized")
        .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")));
    expectProblem(
        mvc.perform(
            delete(JOBS + "/" + job.id()).header(HttpHeaders.AUTHORIZATION, "Bearer wrong")),
        401,
        "unauthorized");

    assertThat(jobs.find(TenantId.SYSTEM, job.id())).contains(job);
  }

  @Test
  void refusesToCancelWithAReadOnlyKey() throws Exception {
    Job job = stored(JobStatus.QUEUED, TenantId.SYSTEM);

    expectProblem(cancel(job, READ_ONLY_KEY), 403, "forbidden");

    assertThat(jobs.find(TenantId.SYSTEM, job.id())).contains(job);
    assertThat(transactions.committed()).isZero();
  }

  @Test
  void showsTheCancelledJobOnGet() throws Exception {
    Job job = stored(JobStatus.QUEUED, TenantId.SYSTEM);
    String cancelled = cancel(job, ADMIN_KEY).andReturn().getResponse().getContentAsString();

    String shown =
        mvc.perform(get(JOBS + "/" + job.id()).header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY)))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();

    assertThat(JSON.readTree(shown)).isEqualTo(JSON.readTree(cancelled));
  }

  // --- GET of a retrying job --------------------------------------------------------------------

  @Test
  void showsARetryingJobWithItsNextAttemptAndLastError() throws Exception {
    Job job = stored(JobStatus.RETRYING, TenantId.SYSTEM);

    mvc.perform(get(JOBS + "/" + job.id()).header(HttpHeaders.AUTHORIZATION, bearer(READ_ONLY_KEY)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("retrying"))
        .andExpect(jsonPath("$.attempts").value(2))
        .andExpect(jsonPath("$.maxAttempts").value(5))
        .andExpect(jsonPath("$.nextAttemptAt").value("2026-11-22T09:00:04.000Z"))
        .andExpect(jsonPath("$.lastError.type").value("http_status"))
        .andExpect(jsonPath("$.lastError.message").value("target answered 503"))
        .andExpect(jsonPath("$.completedAt").isEmpty())
        .andExpect(jsonPath("$.result").isEmpty());
  }

  // --- attempts ---------------------------------------------------------------------------------

  @Test
  void listsTheAttemptsOfTheCurrentGeneration() throws Exception {
    Job job = stored(JobStatus.RETRYING, TenantId.SYSTEM, 1);
    attempts.add(
        job.id(),
        0,
        new JobAttempt(
            1, CREATED, 5, AttemptOutcome.FAILED, null, new JobError("dns", "no such host")));
    attempts.add(
        job.id(),
        1,
        new JobAttempt(
            2,
            CREATED.plusMillis(2500),
            12,
            AttemptOutcome.RETRYABLE_ERROR,
            null,
            new JobError("timeout", "no response within 10000 ms")));
    attempts.add(
        job.id(),
        1,
        new JobAttempt(
            1,
            CREATED.plusSeconds(1),
            87,
            AttemptOutcome.RETRYABLE_ERROR,
            503,
            new JobError("http_status", "target answered 503")));

    String body =
        attemptsOf(job, READ_ONLY_KEY)
            .andExpect(status().isOk())
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.items.length()").value(2))
            .andExpect(jsonPath("$.items[0].attempt").value(1))
            .andExpect(jsonPath("$.items[0].startedAt").value("2026-11-22T09:00:01.000Z"))
            .andExpect(jsonPath("$.items[0].durationMs").value(87))
            .andExpect(jsonPath("$.items[0].outcome").value("retryable_error"))
            .andExpect(jsonPath("$.items[0].statusCode").value(503))
            .andExpect(jsonPath("$.items[0].error.type").value("http_status"))
            .andExpect(jsonPath("$.items[0].error.message").value("target answered 503"))
            .andExpect(jsonPath("$.items[1].attempt").value(2))
            .andExpect(jsonPath("$.items[1].startedAt").value("2026-11-22T09:00:02.500Z"))
            .andExpect(jsonPath("$.items[1].error.type").value("timeout"))
            .andReturn()
            .getResponse()
            .getContentAsString();

    JsonNode second = JSON.readTree(body).get("items").get(1);
    assertThat(second.has("statusCode")).isTrue();
    assertThat(second.get("statusCode").isNull()).isTrue();
    assertThat(JSON.readTree(body).fieldNames()).toIterable().containsExactly("items");
  }

  @Test
  void showsACompletedAttemptWithoutError() throws Exception {
    Job job = stored(JobStatus.COMPLETED, TenantId.SYSTEM);
    attempts.add(job.id(), 0, new JobAttempt(1, CREATED, 40, AttemptOutcome.COMPLETED, 200, null));

    String body =
        attemptsOf(job, ADMIN_KEY)
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.items[0].outcome").value("completed"))
            .andExpect(jsonPath("$.items[0].statusCode").value(200))
            .andReturn()
            .getResponse()
            .getContentAsString();

    JsonNode first = JSON.readTree(body).get("items").get(0);
    assertThat(first.has("error")).isTrue();
    assertThat(first.get("error").isNull()).isTrue();
  }

  @Test
  void listsNoAttemptsForAQueuedJob() throws Exception {
    Job job = stored(JobStatus.QUEUED, TenantId.SYSTEM);

    attemptsOf(job, ADMIN_KEY)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items").isArray())
        .andExpect(jsonPath("$.items.length()").value(0));
  }

  @Test
  void answersNotFoundForAnotherTenantsAttempts() throws Exception {
    Job job = stored(JobStatus.COMPLETED, TenantId.SYSTEM);
    attempts.add(job.id(), 0, new JobAttempt(1, CREATED, 40, AttemptOutcome.COMPLETED, 200, null));

    expectProblem(attemptsOf(job, OTHER_TENANT_KEY), 404, "not-found");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0190f5c2-0000-7000-8000-00000000abcd", "not-a-uuid"})
  void answersNotFoundForAnUnknownJobsAttempts(String id) throws Exception {
    expectProblem(
        mvc.perform(
            get(JOBS + "/" + id + "/attempts")
                .header(HttpHeaders.AUTHORIZATION, bearer(ADMIN_KEY))),
        404,
        "not-found");
  }

  @Test
  void refusesToListAttemptsWithoutReadScopeOrKey() throws Exception {
    Job job = stored(JobStatus.QUEUED, TenantId.SYSTEM);

    expectProblem(attemptsOf(job, WRITE_ONLY_KEY), 403, "forbidden");
    expectProblem(mvc.perform(get(JOBS + "/" + job.id() + "/attempts")), 401, "unauthorized");
  }

  // --- helpers ----------------------------------------------------------------------------------

  private ResultActions cancel(Job job, String key) throws Exception {
    return mvc.perform(
        delete(JOBS + "/" + job.id()).header(HttpHeaders.AUTHORIZATION, bearer(key)));
  }

  private ResultActions attemptsOf(Job job, String key) throws Exception {
    return mvc.perform(
        get(JOBS + "/" + job.id() + "/attempts").header(HttpHeaders.AUTHORIZATION, bearer(key)));
  }

  private Job stored(JobStatus status, TenantId tenant) {
    return stored(status, tenant, 0);
  }

  /**
   * A job of {@code tenant} in {@code status} as a worker would have left it: two attempts made
   * unless queued, the next one due while retrying, finished when terminal.
   */
  private Job stored(JobStatus status, TenantId tenant, int generation) {
    JobRequest request =
        new JobRequest(
            "https://example.org/data.json",
            HttpMethod.GET,
            Map.of("Authorization", "Bearer secret"),
            null,
            Duration.ofSeconds(10),
            true,
            RetryPolicy.DEFAULT,
            null,
            Map.of());
    boolean queued = status == JobStatus.QUEUED;
    Job job =
        new Job(
            new JobId(UUID.randomUUID()),
            tenant,
            null,
            status,
            request,
            queued ? 0 : 2,
            generation,
            status == JobStatus.RETRYING ? CREATED.plusSeconds(4) : null,
            CREATED,
            CREATED.plusSeconds(2),
            status.isTerminal() ? CREATED.plusSeconds(2) : null,
            null,
            queued ? null : new JobError("http_status", "target answered 503"));
    jobs.put(job);
    assertThat(NOW).isAfter(job.updatedAt());
    return job;
  }

  private static String bearer(String key) {
    return "Bearer " + key;
  }

  private static ResultActions expectProblem(ResultActions result, int status, String type)
      throws Exception {
    result
        .andExpect(status().is(status))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://fetchq.io/problems/" + type))
        .andExpect(jsonPath("$.title").isNotEmpty())
        .andExpect(jsonPath("$.status").value(status))
        .andExpect(jsonPath("$.detail").isNotEmpty());
    assertThat(result.andReturn().getResponse().getContentAsString())
        .doesNotContain("Exception", "io.fetchq", "org.springframework", "trace");
    return result;
  }
}
