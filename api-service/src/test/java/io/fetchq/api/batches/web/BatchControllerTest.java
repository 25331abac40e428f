package io.fetchq.api.batches.web;

import static io.fetchq.api.batches.web.BatchWebTestConfiguration.OTHER_KEY;
import static io.fetchq.api.batches.web.BatchWebTestConfiguration.READER_KEY;
import static io.fetchq.api.batches.web.BatchWebTestConfiguration.WRITER_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.batches.usecase.InMemoryBatchRepository;
import io.fetchq.api.config.ApiBatchConfiguration;
import io.fetchq.api.config.ApiConfiguration;
import io.fetchq.api.config.ApiSecurityConfiguration;
import io.fetchq.api.config.ApiWebConfiguration;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.jobs.usecase.RecordingJobDispatches;
import io.fetchq.api.jobs.web.JobListController;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

@WebMvcTest(
    controllers = {BatchController.class, JobListController.class},
    properties = {
      "fetchq.api.bootstrap-admin-key=unused-admin-key",
      "fetchq.destinations.allowed-cidrs="
    })
@Import({
  BatchWebTestConfiguration.class,
  ApiConfiguration.class,
  ApiBatchConfiguration.class,
  ApiWebConfiguration.class,
  ApiSecurityConfiguration.class
})
class BatchControllerTest {

  private static final String BATCHES = "/api/v1/batches";
  private static final String VALID = "{\"url\": \"https://example.org/data.json\"}";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired MockMvc mvc;
  @Autowired InMemoryJobRepository jobs;
  @Autowired InMemoryBatchRepository batches;
  @Autowired RecordingJobDispatches dispatches;
  @Autowired FakeTransactions transactions;

  @BeforeEach
  void emptyFakes() {
    jobs.clear();
    batches.clear();
    dispatches.clear();
    transactions.reset();
  }

  // --- submit -----------------------------------------------------------------------------------

  @Test
  void acceptsAThousandJobsInOneTransaction() throws Exception {
    MvcResult result =
        submit(batch(Collections.nCopies(1000, VALID), "https://client.example/batch-done"))
            .andExpect(status().isAccepted())
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andExpect(jsonPath("$.size").value(1000))
            .andExpect(jsonPath("$.status").value("running"))
            .andExpect(jsonPath("$.jobIds.length()").value(1000))
            .andExpect(jsonPath("$.createdAt").value("2026-11-22T10:00:00.123Z"))
            .andReturn();

    JsonNode body = JSON.readTree(result.getResponse().getContentAsString());
    UUID id = UUID.fromString(body.get("id").asText());
    assertThat(id.version()).isEqualTo(7);
    assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION)).isEqualTo(BATCHES + "/" + id);
    assertThat(transactions.committed()).isEqualTo(1);
    assertThat(batches.all())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.callbackUrl()).isEqualTo("https://client.example/batch-done");
              assertThat(b.tenantId()).isEqualTo(TenantId.SYSTEM);
            });
    List<UUID> jobIds = new ArrayList<>();
    body.get("jobIds").forEach(node -> jobIds.add(UUID.fromString(node.asText())));
    assertThat(jobs.all()).hasSize(1000).allSatisfy(j -> assertThat(j.batchId()).isEqualTo(id));
    assertThat(jobs.all().stream().map(j -> j.id().value()).toList()).isEqualTo(jobIds);
    assertThat(dispatches.messages().stream().map(m -> m.jobId()).toList()).isEqualTo(jobIds);
    assertThat(dispatches.messages())
        .allSatisfy(m -> assertThat(m.host()).isEqualTo("example.org"));
  }

  static Stream<Arguments> invalidBatches() {
    List<String> twenty = Collections.nCopies(20, VALID);
    return Stream.of(
        Arguments.of("no jobs field", "{}", "/jobs"),
        Arguments.of("jobs null", "{\"jobs\": null}", "/jobs"),
        Arguments.of("no jobs", batch(List.of(), null), "/jobs"),
        Arguments.of("1001 jobs", batch(Collections.nCopies(1001, VALID), null), "/jobs"),
        Arguments.of("jobs not an array", "{\"jobs\": {\"url\": \"https://a.example/\"}}", "/jobs"),
        Arguments.of("a null job", batch(List.of(VALID, "null"), null), "/jobs/1"),
        Arguments.of("a job that is a number", batch(List.of(VALID, "5"), null), "/jobs/1"),
        Arguments.of("callbackUrl relative", batch(twenty, "/hooks"), "/callbackUrl"),
        Arguments.of(
            "callbackUrl not a string",
            "{\"jobs\": [" + VALID + "], \"callbackUrl\": 5}",
            "/callbackUrl"),
        Arguments.of(
            "callbackUrl refused literal IP",
            batch(twenty, "http://169.254.169.254/"),
            "/callbackUrl"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidBatches")
  void refusesInvalidBatch(String description, String json, String pointer) throws Exception {
    expectProblem(submit(json), 422, "validation-error")
        .andExpect(jsonPath("$.errors.length()").value(1))
        .andExpect(jsonPath("$.errors[0].pointer").value(pointer))
        .andExpect(jsonPath("$.errors[0].detail").isNotEmpty());
    assertNothingStored();
  }

  /** Every invalid job of the single-job table, as job 17 of 20, is refused the same way. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.fetchq.api.jobs.web.JobControllerTest#invalidJobs")
  void refusesABatchWithOneInvalidJobExactlyLikeTheSingleJob(
      String description, String job, String pointer) throws Exception {
    List<String> jobs = new ArrayList<>(Collections.nCopies(20, VALID));
    jobs.set(17, job);
    expectProblem(submit(batch(jobs, null)), 422, "validation-error")
        .andExpect(jsonPath("$.errors.length()").value(1))
        .andExpect(jsonPath("$.errors[0].pointer").value("/jobs/17" + pointer));
    assertNothingStored();
  }

  @Test
  void reportsEveryViolationOfEveryJobAtOnce() throws Exception {
    List<String> jobs = new ArrayList<>(Collections.nCopies(10, VALID));
    jobs.set(2, "{\"url\": \"ftp://example.org/\"}");
    jobs.set(3, "{\"url\": \"http://127.0.0.1/\", \"callbackUrl\": \"http://10.0.0.1/h\"}");
    jobs.set(5, "{\"url\": \"https://example.org/\", \"headers\": {\"Host\": \"x\"}}");
    jobs.set(7, "{\"url\": \"https://example.org/\", \"retry\": {\"maxAttempts\": 0}}");
    jobs.set(9, "{\"url\": \"http://[::1]/\", \"timeoutMs\": 5}");
    expectProblem(submit(batch(jobs, "http://192.168.0.1/")), 422, "validation-error")
        .andExpect(jsonPath("$.detail").value("The request has 8 invalid fields."))
        .andExpect(
            jsonPath("$.errors[*].pointer")
                .value(
                    org.hamcrest.Matchers.contains(
                        "/callbackUrl",
                        "/jobs/2/url",
                        "/jobs/3/callbackUrl",
                        "/jobs/3/url",
                        "/jobs/5/headers/Host",
                        "/jobs/7/retry/maxAttempts",
                        "/jobs/9/timeoutMs",
                        "/jobs/9/url")));
    assertNothingStored();
  }

  static Stream<Arguments> malformedBatches() {
    return Stream.of(
        Arguments.of(
            "unknown top-level field", "{\"jobs\": [" + VALID + "], \"jobz\": []}", "/jobz"),
        Arguments.of(
            "unknown field in a job",
            "{\"jobs\": [" + VALID + ", {\"url\": \"https://a.example/\", \"tmeoutMs\": 5}]}",
            "/jobs/1/tmeoutMs"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBatches")
  void refusesUnknownFields(String description, String json, String pointer) throws Exception {
    expectProblem(submit(json), 400, "unknown-field")
        .andExpect(jsonPath("$.errors[0].pointer").value(pointer));
    assertNothingStored();
  }

  @Test
  void refusesAWrongTypeWithAPointerIntoTheJob() throws Exception {
    expectProblem(
            submit(
                batch(
                    List.of(VALID, "{\"url\": \"https://a.example/\", \"timeoutMs\": \"fast\"}"),
                    null)),
            422,
            "validation-error")
        .andExpect(jsonPath("$.errors[0].pointer").value("/jobs/1/timeoutMs"))
        .andExpect(jsonPath("$.errors[0].detail").value("must be an integer"));
  }

  @Test
  void refusesABodyOver32MiB() throws Exception {
    int limit = 32 * 1024 * 1024;
    String prefix = "{\"jobs\": [{\"url\": \"https://example.org/\", \"body\": \"";
    String suffix = "\"}]}";
    String json = prefix + "a".repeat(limit + 1 - prefix.length() - suffix.length()) + suffix;
    expectProblem(submit(json), 413, "payload-too-large");
    assertNothingStored();
  }

  @Test
  void refusesSubmissionWithAReadOnlyKey() throws Exception {
    expectProblem(submit(batch(List.of(VALID), null), READER_KEY), 403, "forbidden");
    assertNothingStored();
  }

  @Test
  void refusesSubmissionWithoutAKey() throws Exception {
    expectProblem(
        mvc.perform(
            post(BATCHES)
                .contentType(MediaType.APPLICATION_JSON)
                .content(batch(List.of(VALID), null))),
        401,
        "unauthorized");
  }

  // --- read -------------------------------------------------------------------------------------

  @Test
  void countsTheBatchJobsPerStatusUntilEveryOneIsTerminal() throws Exception {
    UUID id = submitted(4);
    List<Job> members = jobs.all();
    Instant t1 = Instant.parse("2026-11-22T10:00:05Z");
    Instant t2 = Instant.parse("2026-11-22T10:00:09Z");
    jobs.put(withStatus(members.get(0), JobStatus.COMPLETED, t2));
    jobs.put(withStatus(members.get(1), JobStatus.RUNNING, null));

    read(id, READER_KEY)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(id.toString()))
        .andExpect(jsonPath("$.size").value(4))
        .andExpect(jsonPath("$.status").value("running"))
        .andExpect(jsonPath("$.counts.queued").value(2))
        .andExpect(jsonPath("$.counts.running").value(1))
        .andExpect(jsonPath("$.counts.retrying").value(0))
        .andExpect(jsonPath("$.counts.completed").value(1))
        .andExpect(jsonPath("$.counts.failed").value(0))
        .andExpect(jsonPath("$.counts.cancelled").value(0))
        .andExpect(jsonPath("$.createdAt").value("2026-11-22T10:00:00.123Z"))
        .andExpect(jsonPath("$.completedAt").isEmpty());

    jobs.put(withStatus(members.get(1), JobStatus.FAILED, t1));
    jobs.put(withStatus(members.get(2), JobStatus.CANCELLED, t1));
    jobs.put(withStatus(members.get(3), JobStatus.COMPLETED, t1));

    read(id, READER_KEY)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("completed"))
        .andExpect(jsonPath("$.counts.completed").value(2))
        .andExpect(jsonPath("$.counts.failed").value(1))
        .andExpect(jsonPath("$.counts.cancelled").value(1))
        .andExpect(jsonPath("$.counts.queued").value(0))
        .andExpect(jsonPath("$.completedAt").value("2026-11-22T10:00:09.000Z"));
  }

  @Test
  void anotherTenantsBatchIsNotFound() throws Exception {
    UUID id = submitted(2);
    expectProblem(read(id, OTHER_KEY), 404, "not-found");
    expectProblem(
        mvc.perform(
            get(BATCHES + "/" + id + "/jobs").header(HttpHeaders.AUTHORIZATION, bearer(OTHER_KEY))),
        404,
        "not-found");
    mvc.perform(
            get("/api/v1/jobs")
                .param("batchId", id.toString())
                .header(HttpHeaders.AUTHORIZATION, bearer(OTHER_KEY)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items.length()").value(0))
        .andExpect(jsonPath("$.nextCursor").isEmpty());
  }

  @Test
  void anUnknownOrMalformedBatchIdIsNotFound() throws Exception {
    expectProblem(read(UUID.randomUUID(), READER_KEY), 404, "not-found");
    expectProblem(
        mvc.perform(
            get(BATCHES + "/not-a-uuid").header(HttpHeaders.AUTHORIZATION, bearer(READER_KEY))),
        404,
        "not-found");
  }

  @Test
  void readingNeedsTheReadScope() throws Exception {
    UUID id = submitted(1);
    expectProblem(read(id, WRITER_KEY), 403, "forbidden");
  }

  @Test
  void listsTheBatchJobsNewestFirstAPageAtATime() throws Exception {
    UUID id = submitted(5);
    submit(batch(List.of(VALID), null)).andExpect(status().isAccepted());
    List<UUID> inOrder = jobs.all().stream().limit(5).map(j -> j.id().value()).toList();

    MvcResult first =
        mvc.perform(
                get(BATCHES + "/" + id + "/jobs")
                    .param("limit", "3")
                    .header(HttpHeaders.AUTHORIZATION, bearer(READER_KEY)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.items.length()").value(3))
            .andExpect(jsonPath("$.items[0].id").value(inOrder.get(4).toString()))
            .andExpect(jsonPath("$.items[0].batchId").value(id.toString()))
            .andExpect(jsonPath("$.items[2].id").value(inOrder.get(2).toString()))
            .andReturn();
    String cursor =
        JSON.readTree(first.getResponse().getContentAsString()).get("nextCursor").asText();

    mvc.perform(
            get(BATCHES + "/" + id + "/jobs")
                .param("limit", "3")
                .param("cursor", cursor)
                .header(HttpHeaders.AUTHORIZATION, bearer(READER_KEY)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items.length()").value(2))
        .andExpect(jsonPath("$.items[0].id").value(inOrder.get(1).toString()))
        .andExpect(jsonPath("$.items[1].id").value(inOrder.get(0).toString()))
        .andExpect(jsonPath("$.nextCursor").isEmpty());
  }

  @Test
  void refusesAnInvalidLimitOnTheBatchJobs() throws Exception {
    UUID id = submitted(1);
    expectProblem(
            mvc.perform(
                get(BATCHES + "/" + id + "/jobs")
                    .param("limit", "0")
                    .header(HttpHeaders.AUTHORIZATION, bearer(READER_KEY))),
            400,
            "invalid-parameter")
        .andExpect(jsonPath("$.errors[0].parameter").value("limit"));
  }

  // --- helpers ----------------------------------------------------------------------------------

  private UUID submitted(int size) throws Exception {
    MvcResult result =
        submit(batch(Collections.nCopies(size, VALID), null))
            .andExpect(status().isAccepted())
            .andReturn();
    return UUID.fromString(
        JSON.readTree(result.getResponse().getContentAsString()).get("id").asText());
  }

  private static Job withStatus(Job job, JobStatus status, Instant completedAt) {
    return new Job(
        job.id(),
        job.tenantId(),
        job.batchId(),
        status,
        job.request(),
        status == JobStatus.QUEUED ? 0 : 1,
        0,
        null,
        job.createdAt(),
        completedAt == null ? job.updatedAt() : completedAt,
        completedAt,
        null,
        null);
  }

  private ResultActions read(UUID id, String key) throws Exception {
    return mvc.perform(get(BATCHES + "/" + id).header(HttpHeaders.AUTHORIZATION, bearer(key)));
  }

  private ResultActions submit(String json) throws Exception {
    return submit(json, WRITER_KEY);
  }

  private ResultActions submit(String json, String key) throws Exception {
    return mvc.perform(
        post(BATCHES)
            .header(HttpHeaders.AUTHORIZATION, bearer(key))
            .contentType(MediaType.APPLICATION_JSON)
            .content(json));
  }

  private static ResultActions expectProblem(ResultActions result, int status, String type)
      throws Exception {
    result
        .andExpect(status().is(status))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://fetchq.io/problems/" + type))
        .andExpect(jsonPath("$.detail").isNotEmpty());
    assertThat(result.andReturn().getResponse().getContentAsString())
        .doesNotContain(
            "Exception", "io.fetchq", "jackson", "org.springframework", "SubmitBatchRequest");
    return result;
  }

  private void assertNothingStored() {
    assertThat(batches.all()).isEmpty();
    assertThat(jobs.all()).isEmpty();
    assertThat(dispatches.messages()).isEmpty();
    assertThat(transactions.committed()).isZero();
  }

  private static String bearer(String key) {
    return "Bearer " + key;
  }

  /** A batch request of the given job JSON texts. */
  static String batch(List<String> jobs, String callbackUrl) {
    return "{\"jobs\": ["
        + String.join(", ", jobs)
        + "]"
        + (callbackUrl == null ? "" : ", \"callbackUrl\": \"" + callbackUrl + "\"")
        + "}";
  }
}
