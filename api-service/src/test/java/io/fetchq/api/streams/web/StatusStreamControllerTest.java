package io.fetchq.api.streams.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.fetchq.api.batches.domain.Batch;
import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.batches.usecase.GetBatch;
import io.fetchq.api.batches.usecase.InMemoryBatchRepository;
import io.fetchq.api.config.ApiProperties;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.jobs.usecase.GetJob;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.jobs.web.JobResponseMapper;
import io.fetchq.api.streams.usecase.StatusStreams;
import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.web.ProblemAdvice;
import io.fetchq.api.web.security.ApiKeyAuthentication;
import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.method.annotation.AuthenticationPrincipalArgumentResolver;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The endpoints over a real hub with in-memory jobs: the event format, the refusals before any
 * stream starts, and the end of a stream at its maximum lifetime.
 */
class StatusStreamControllerTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final TenantId OWNER =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000001"));

  private final FakeTransactions transactions = new FakeTransactions();
  private final InMemoryJobRepository jobs = new InMemoryJobRepository(transactions);
  private final InMemoryBatchRepository batches = new InMemoryBatchRepository(transactions, jobs);
  private final StatusStreams streams =
      new StatusStreams(new GetJob(jobs), new GetBatch(batches), Runnable::run, 1);
  private final MockMvc mvc =
      MockMvcBuilders.standaloneSetup(
              new StatusStreamController(
                  streams,
                  new JobResponseMapper(ApiProperties.DEFAULT_SENSITIVE_HEADERS),
                  new StatusStreamLifetime(Duration.ofMinutes(30))))
          .setControllerAdvice(new ProblemAdvice())
          .setCustomArgumentResolvers(new AuthenticationPrincipalArgumentResolver())
          .build();

  @BeforeEach
  void authenticate() {
    SecurityContextHolder.getContext()
        .setAuthentication(
            ApiKeyAuthentication.authenticated(new ApiPrincipal(OWNER, Set.of(Scope.JOBS_READ))));
  }

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void writesATerminalJobAsOneEventThenCloses() throws Exception {
    Job job = job(null, JobStatus.COMPLETED);

    MvcResult started =
        mvc.perform(get("/api/v1/jobs/{id}/events", job.id().value()))
            .andExpect(request().asyncStarted())
            .andReturn();
    mvc.perform(asyncDispatch(started))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM));

    String body = started.getResponse().getContentAsString();
    assertThat(body)
        .startsWith("event:job\nid:1\ndata:{\"id\":\"" + job.id().value() + "\"")
        .contains("\"status\":\"completed\"")
        .endsWith("}\n\n")
        .hasLineCount(4);
    assertThat(streams.activeStreams()).isZero();
  }

  @Test
  void writesABatchAsABatchEvent() throws Exception {
    BatchId batch = new BatchId(UUID.randomUUID());
    transactions.inTransaction(
        () -> {
          batches.add(new Batch(batch, OWNER, 1, null, NOW));
          return null;
        });
    job(batch, JobStatus.CANCELLED);

    MvcResult started =
        mvc.perform(get("/api/v1/batches/{id}/events", batch.value()))
            .andExpect(request().asyncStarted())
            .andReturn();
    mvc.perform(asyncDispatch(started)).andExpect(status().isOk());

    assertThat(started.getResponse().getContentAsString())
        .startsWith("event:batch\nid:1\ndata:{\"id\":\"" + batch.value() + "\"")
        .contains("\"status\":\"completed\"", "\"cancelled\":1");
  }

  @Test
  void answersAnUnknownJobWithNotFoundBeforeAnyStream() throws Exception {
    mvc.perform(get("/api/v1/jobs/{id}/events", UUID.randomUUID()))
        .andExpect(request().asyncNotStarted())
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("https://fetchq.io/problems/not-found"));
    mvc.perform(get("/api/v1/batches/{id}/events", UUID.randomUUID()))
        .andExpect(status().isNotFound());
  }

  @Test
  void refusesAStreamOverTheLimitWithServiceUnavailable() throws Exception {
    Job job = job(null, JobStatus.QUEUED);
    mvc.perform(get("/api/v1/jobs/{id}/events", job.id().value()))
        .andExpect(request().asyncStarted());

    mvc.perform(get("/api/v1/jobs/{id}/events", job.id().value()))
        .andExpect(request().asyncNotStarted())
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.type").value("https://fetchq.io/problems/service-unavailable"));
  }

  @Test
  void endsAStreamAtItsMaximumLifetimeAndUnsubscribes() throws Exception {
    Job job = job(null, JobStatus.RUNNING);
    MvcResult started =
        mvc.perform(get("/api/v1/jobs/{id}/events", job.id().value()))
            .andExpect(request().asyncStarted())
            .andReturn();
    assertThat(streams.activeStreams()).isOne();
    assertThat(started.getRequest().getAsyncContext().getTimeout())
        .isEqualTo(Duration.ofMinutes(30).toMillis());

    MockAsyncContext context = (MockAsyncContext) started.getRequest().getAsyncContext();
    for (AsyncListener listener : context.getListeners()) {
      listener.onTimeout(new AsyncEvent(context));
    }

    assertThat(streams.activeStreams()).isZero();
    assertThat(started.getResponse().getContentAsString()).contains("\"status\":\"running\"");
  }

  private Job job(BatchId batch, JobStatus status) {
    Job accepted =
        Job.accept(
            new JobId(UUID.randomUUID()),
            OWNER,
            batch == null ? null : batch.value(),
            new JobRequest(
                "https://example.org/",
                HttpMethod.GET,
                Map.of(),
                null,
                Duration.ofSeconds(10),
                true,
                RetryPolicy.DEFAULT,
                null,
                Map.of()),
            NOW);
    Job job =
        new Job(
            accepted.id(),
            accepted.tenantId(),
            accepted.batchId(),
            status,
            accepted.request(),
            0,
            0,
            null,
            NOW,
            NOW,
            status.isTerminal() ? NOW : null,
            null,
            null);
    jobs.put(job);
    return job;
  }
}
