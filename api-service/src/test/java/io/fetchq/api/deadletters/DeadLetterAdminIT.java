package io.fetchq.api.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.usecase.JobRepository;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dead-letter admin endpoints over HTTP against the running API: failed jobs and their entries
 * are written by SQL as a worker would (no worker runs here), and so are the outcomes of replayed
 * jobs. Each test works on entries of a tenant of its own.
 */
class DeadLetterAdminIT extends ApiIntegrationTest {

  private static final String PATH = "/api/v1/admin/dead-letters";
  private static final String RUNS = "/api/v1/admin/dead-letter-replays";
  private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired private JobRepository jobs;
  @Autowired private Transactions transactions;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Random random = new Random();

  @Test
  void listsNewestFirstWithEachFilterAndWalksPagesByCursor() throws Exception {
    String tenant = createTenant("list");
    UUID e1 = deadLetter(tenant, "a.example", "timeout", T0, 0);
    UUID e2 = deadLetter(tenant, "b.example", "dns", T0.plusSeconds(60), 0);
    UUID e3 = deadLetter(tenant, "a.example", "http_status", T0.plusSeconds(120), 0);
    UUID e4 = deadLetter(tenant, "a.example", "timeout", T0.plusSeconds(120), 0);
    UUID e5 = deadLetter(tenant, "c.example", "timeout", T0.plusSeconds(180), 0);
    // same failure time: id descending, as PostgreSQL orders uuids (unsigned bytes)
    UUID e3e4First = KeysetCursor.compareIds(e3, e4) > 0 ? e3 : e4;
    UUID e3e4Second = KeysetCursor.compareIds(e3, e4) > 0 ? e4 : e3;
    String byTenant = "?tenantId=" + tenant;

    assertThat(ids(list(byTenant))).containsExactly(e5, e3e4First, e3e4Second, e2, e1);
    assertThat(ids(list(byTenant + "&host=A.example"))).containsExactly(e3e4First, e3e4Second, e1);
    assertThat(ids(list(byTenant + "&errorType=timeout"))).containsExactly(e5, e4, e1);
    assertThat(ids(list(byTenant + "&since=" + enc(T0.plusSeconds(60)))))
        .containsExactly(e5, e3e4First, e3e4Second, e2);
    assertThat(ids(list(byTenant + "&until=" + enc("2026-11-20T10:02:00+02:00"))))
        .containsExactly(e2, e1);
    assertThat(ids(list(byTenant + "&state=replayed"))).isEmpty();

    JsonNode first = list(byTenant).get("items").get(0);
    assertThat(first.get("jobId").asText()).isNotBlank();
    assertThat(first.get("tenantId").asText()).isEqualTo(tenant);
    assertThat(first.get("url").asText()).isEqualTo("https://c.example/x");
    assertThat(first.get("failedAt").asText()).isEqualTo("2026-11-20T08:03:00.000Z");
    assertThat(first.get("attempts").asInt()).isEqualTo(3);
    assertThat(first.get("lastError").get("type").asText()).isEqualTo("timeout");
    assertThat(first.get("lastError").get("message").asText()).isEqualTo("failed: timeout");
    assertThat(first.get("replayCount").asInt()).isZero();

    List<UUID> walked = new ArrayList<>();
    JsonNode page = list(byTenant + "&limit=2");
    int pages = 1;
    walked.addAll(ids(page));
    while (!page.get("nextCursor").isNull()) {
      page = list(byTenant + "&limit=2&cursor=" + page.get("nextCursor").asText());
      walked.addAll(ids(page));
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(walked).containsExactly(e5, e3e4First, e3e4Second, e2, e1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "limit=0              | limit",
        "limit=201            | limit",
        "limit=abc            | limit",
        "cursor=AAAA          | cursor",
        "cursor=MTo5OTk5OTk5OTk5OTk5OTk5OTk6MDpub3Q | cursor",
        "since=yesterday      | since",
        "until=2026-11-20     | until",
        "tenantId=acme        | tenantId",
        "state=failed         | state",
      })
  void aBadQueryParameterIsA400ProblemNamingIt(String query, String parameter) throws Exception {
    HttpResponse<String> response = send("GET", PATH + "?" + query, ADMIN_KEY, null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("type").asText()).isEqualTo("https://fetchq.io/problems/bad-request");
    assertThat(problem.get("detail").asText()).contains("'" + parameter + "'");
  }

  @Test
  void replaysOneEntryIntoANewGenerationAndRefusesASecondReplay() throws Exception {
    String tenant = createTenant("single");
    UUID entry = deadLetter(tenant, "a.example", "timeout", T0, 0);
    UUID job = jobOf(entry);

    try (KafkaConsumer<String, byte[]> consumer = jobsConsumerAtEnd()) {
      HttpResponse<String> replayed = send("POST", PATH + "/" + entry + "/replay", ADMIN_KEY, null);

      assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(202);
      assertThat(replayed.headers().firstValue("Location")).contains("/api/v1/jobs/" + job);
      JsonNode body = json.readTree(replayed.body());
      assertThat(body.get("replayCount").asInt()).isEqualTo(1);
      assertThat(body.get("state").asText()).isEqualTo("replayed");
      assertThat(jobRow(job)).containsEntry("status", "queued").containsEntry("generation", 1);
      List<ConsumerRecord<String, byte[]>> records =
          pollUntil(
              consumer,
              received -> received.stream().anyMatch(r -> r.key().equals(job.toString())),
              WAIT);
      FetchJobMessage message =
          json.readValue(
              records.stream()
                  .filter(r -> r.key().equals(job.toString()))
                  .findFirst()
                  .orElseThrow()
                  .value(),
              FetchJobMessage.class);
      assertThat(message.generation()).isEqualTo(1);
      assertThat(message.attempt()).isEqualTo(1);
    }
    assertThat(ids(list("?tenantId=" + tenant + "&state=replayed"))).containsExactly(entry);
    assertThat(ids(list("?tenantId=" + tenant))).isEmpty();

    HttpResponse<String> again = send("POST", PATH + "/" + entry + "/replay", ADMIN_KEY, null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json.readTree(again.body()).get("type").asText())
        .isEqualTo("https://fetchq.io/problems/dead-letter-not-replayable");
    assertThat(
            send("POST", PATH + "/" + UUID.randomUUID() + "/replay", ADMIN_KEY, null).statusCode())
        .isEqualTo(404);

    JsonNode audit = auditFor(entry);
    assertThat(audit.get("action").asText()).isEqualTo("replay");
    assertThat(audit.get("tenantId").asText()).isEqualTo(tenant);
    assertThat(audit.get("actor").get("tenantId").asText()).isEqualTo(TenantId.SYSTEM.toString());
    assertThat(audit.get("actor").get("apiKeyId").isNull()).isTrue();
  }

  @Test
  void aDryRunCountsAndChangesNothing() throws Exception {
    String tenant = createTenant("dry");
    UUID a = deadLetter(tenant, "a.example", "timeout", T0, 0);
    deadLetter(tenant, "a.example", "timeout", T0.plusSeconds(1), 0);
    deadLetter(tenant, "b.example", "timeout", T0.plusSeconds(2), 0);
    deadLetter(tenant, "a.example", "timeout", T0.plusSeconds(3), 3); // replayed too often
    List<Map<String, Object>> before = entries(tenant);
    long runsBefore = count("SELECT count(*) FROM dead_letter_replay_runs");
    long outboxBefore = outboxRows();

    HttpResponse<String> response =
        send(
            "POST",
            PATH + "/replay",
            ADMIN_KEY,
            "{\"filter\": {\"tenantId\": \"%s\", \"host\": \"a.example\"}, \"limit\": 10000, \"dryRun\": true}"
                .formatted(tenant));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode body = json.readTree(response.body());
    assertThat(body.get("matched").asInt()).isEqualTo(2);
    assertThat(body.get("replayed").asInt()).isZero();
    assertThat(body.get("runId").isNull()).isTrue();
    assertThat(response.headers().firstValue("Location")).isEmpty();
    assertThat(entries(tenant)).isEqualTo(before);
    assertThat(count("SELECT count(*) FROM dead_letter_replay_runs")).isEqualTo(runsBefore);
    assertThat(outboxRows()).isLessThanOrEqualTo(outboxBefore);
    assertThat(jobRow(jobOf(a))).containsEntry("status", "failed");
    JsonNode audit =
        auditWhere(e -> e.get("dryRun").asBoolean() && tenant.equals(e.get("tenantId").asText()));
    assertThat(audit.get("action").asText()).isEqualTo("bulk_replay");
    assertThat(audit.get("matched").asInt()).isEqualTo(2);
    assertThat(audit.get("filter").get("host").asText()).isEqualTo("a.example");
  }

  @Test
  void aBulkReplayRunReplaysItsSnapshotInTheBackground() throws Exception {
    String tenant = createTenant("bulk");
    List<UUID> entries = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      entries.add(deadLetter(tenant, "a.example", "timeout", T0.plusSeconds(i), 0));
    }
    UUID tooOften = deadLetter(tenant, "a.example", "timeout", T0.plusSeconds(100), 3);

    HttpResponse<String> response =
        send(
            "POST",
            PATH + "/replay",
            ADMIN_KEY,
            "{\"filter\": {\"tenantId\": \"%s\"}, \"limit\": 10}".formatted(tenant));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode body = json.readTree(response.body());
    assertThat(body.get("matched").asInt()).isEqualTo(10);
    assertThat(body.get("replayed").asInt()).isEqualTo(10);
    String runId = body.get("runId").asText();
    assertThat(response.headers().firstValue("Location")).contains(RUNS + "/" + runId);
    JsonNode run = awaitRun(runId, "completed");
    assertThat(run.get("matched").asInt()).isEqualTo(10);
    assertThat(run.get("replayed").asInt()).isEqualTo(10);
    assertThat(run.get("skipped").asInt()).isZero();
    assertThat(run.get("filter").get("tenantId").asText()).isEqualTo(tenant);
    assertThat(run.get("requestedBy").get("tenantId").asText())
        .isEqualTo(TenantId.SYSTEM.toString());
    // the newest ten were replayed, the two oldest and the one replayed too often were not
    for (UUID entry : entries.subList(2, 12)) {
      assertThat(jobRow(jobOf(entry)))
          .containsEntry("status", "queued")
          .containsEntry("generation", 1);
    }
    for (UUID entry : List.of(entries.get(0), entries.get(1), tooOften)) {
      assertThat(jobRow(jobOf(entry))).containsEntry("status", "failed");
    }
    assertThat(auditWhere(e -> runId.equals(e.get("runId").asText())).get("replayed").asInt())
        .isEqualTo(10);

    // the replayed jobs' outcomes show in the run's progress
    completeJob(jobOf(entries.get(11)));
    failJob(jobOf(entries.get(10)));
    JsonNode progress = getRun(runId);
    assertThat(progress.get("succeeded").asInt()).isEqualTo(1);
    assertThat(progress.get("failed").asInt()).isEqualTo(1);
    assertThat(send("GET", RUNS + "/" + UUID.randomUUID(), ADMIN_KEY, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aCanaryThatFailsAbortsTheRun() throws Exception {
    String tenant = createTenant("canary-fail");
    List<UUID> entries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      entries.add(deadLetter(tenant, "a.example", "timeout", T0.plusSeconds(i), 0));
    }
    String runId = startRun(tenant, 2);
    await().atMost(WAIT).until(() -> getRun(runId).get("replayed").asInt() == 2);
    List<UUID> canary = List.of(jobOf(entries.get(4)), jobOf(entries.get(3)));
    assertThat(canary).allSatisfy(j -> assertThat(jobRow(j)).containsEntry("status", "queued"));
    assertThat(getRun(runId).get("state").asText()).isEqualTo("running");

    completeJob(canary.get(0));
    failJob(canary.get(1));

    JsonNode run = awaitRun(runId, "aborted");
    assertThat(run.get("reason").asText()).contains("canary failed").contains("1 of 2");
    assertThat(run.get("replayed").asInt()).isEqualTo(2);
    for (UUID entry : entries.subList(0, 3)) {
      assertThat(jobRow(jobOf(entry)))
          .containsEntry("status", "failed")
          .containsEntry("generation", 0);
    }
    // the failed canary entry is dead again, its replay counted
    Map<String, Object> refailed =
        jdbc()
            .sql("SELECT state, replay_count FROM dead_letters WHERE id = ?")
            .param(entries.get(3))
            .query()
            .singleRow();
    assertThat(refailed).containsEntry("state", "dead").containsEntry("replay_count", 1);
  }

  @Test
  void aCanaryThatCompletesLetsTheRestGo() throws Exception {
    String tenant = createTenant("canary-pass");
    List<UUID> entries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      entries.add(deadLetter(tenant, "a.example", "timeout", T0.plusSeconds(i), 0));
    }
    String runId = startRun(tenant, 2);
    await().atMost(WAIT).until(() -> getRun(runId).get("replayed").asInt() == 2);

    completeJob(jobOf(entries.get(4)));
    completeJob(jobOf(entries.get(3)));

    JsonNode run = awaitRun(runId, "completed");
    assertThat(run.get("canaryPassed").asBoolean()).isTrue();
    assertThat(run.get("replayed").asInt()).isEqualTo(5);
    assertThat(run.get("succeeded").asInt()).isEqualTo(2);
    for (UUID entry : entries.subList(0, 3)) {
      assertThat(jobRow(jobOf(entry))).containsEntry("status", "queued");
    }
  }

  @Test
  void discardRemovesTheEntryAndLeavesTheJobFailed() throws Exception {
    String tenant = createTenant("discard");
    UUID entry = deadLetter(tenant, "a.example", "dns", T0, 0);
    UUID job = jobOf(entry);

    HttpResponse<String> discarded = send("DELETE", PATH + "/" + entry, ADMIN_KEY, null);

    assertThat(discarded.statusCode()).isEqualTo(204);
    assertThat(count("SELECT count(*) FROM dead_letters WHERE id = '" + entry + "'")).isZero();
    assertThat(jobRow(job)).containsEntry("status", "failed");
    assertThat(send("DELETE", PATH + "/" + entry, ADMIN_KEY, null).statusCode()).isEqualTo(404);
    assertThat(send("POST", PATH + "/" + entry + "/replay", ADMIN_KEY, null).statusCode())
        .isEqualTo(404);
    assertThat(auditFor(entry).get("action").asText()).isEqualTo("discard");
  }

  @Test
  void auditPagesWalkNewestFirst() throws Exception {
    String tenant = createTenant("audit");
    for (int i = 0; i < 3; i++) {
      UUID entry = deadLetter(tenant, "a.example", "dns", T0.plusSeconds(i), 0);
      assertThat(send("DELETE", PATH + "/" + entry, ADMIN_KEY, null).statusCode()).isEqualTo(204);
    }
    List<String> at = new ArrayList<>();
    JsonNode page = json.readTree(send("GET", PATH + "/audit?limit=2", ADMIN_KEY, null).body());
    page.get("items").forEach(item -> at.add(item.get("at").asText()));
    assertThat(page.get("nextCursor").isNull()).isFalse();
    JsonNode next =
        json.readTree(
            send(
                    "GET",
                    PATH + "/audit?limit=2&cursor=" + page.get("nextCursor").asText(),
                    ADMIN_KEY,
                    null)
                .body());
    next.get("items").forEach(item -> at.add(item.get("at").asText()));
    assertThat(at).isSortedAccordingTo((x, y) -> y.compareTo(x));
    assertThat(send("GET", PATH + "/audit?cursor=nope", ADMIN_KEY, null).statusCode())
        .isEqualTo(400);
  }

  @Test
  void tenantKeysWithoutAdminCannotReachAnyDeadLetterEndpoint() throws Exception {
    String tenant = createTenant("outsider");
    UUID entry = deadLetter(tenant, "a.example", "dns", T0, 0);
    String key = issueKey(tenant, "jobs:read", "jobs:write");
    List<Map<String, Object>> before = entries(tenant);

    for (String[] call :
        new String[][] {
          {"GET", PATH + "?tenantId=" + tenant, null},
          {"POST", PATH + "/" + entry + "/replay", null},
          {"POST", PATH + "/replay", "{\"filter\": {}}"},
          {"DELETE", PATH + "/" + entry, null},
          {"GET", PATH + "/audit", null},
          {"GET", RUNS + "/" + UUID.randomUUID(), null}
        }) {
      assertThat(send(call[0], call[1], key, call[2]).statusCode()).as(call[1]).isEqualTo(403);
      assertThat(send(call[0], call[1], "no-such-key", call[2]).statusCode())
          .as(call[1])
          .isEqualTo(401);
    }
    assertThat(entries(tenant)).isEqualTo(before);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"filter\": {}, \"limit\": 0}                      | 422 | /limit",
        "{\"filter\": {}, \"limit\": 100001}                 | 422 | /limit",
        "{\"filter\": {}, \"canary\": 1001}                  | 422 | /canary",
        "{\"filter\": {}, \"canary\": 0}                     | 422 | /canary",
        "{\"limit\": 5}                                      | 422 | /filter",
        "{\"filter\": {\"since\": \"soon\"}}                 | 422 | /filter/since",
        "{\"filter\": {\"tenantId\": \"acme\"}}              | 422 | /filter/tenantId",
        "{\"filter\": {\"state\": \"dead\"}}                 | 400 | /filter/state",
        "{\"filter\": {}, \"dryrun\": true}                  | 400 | /dryrun",
        "{\"filter\": {}, \"limit\": \"many\"}               | 422 | /limit",
      })
  void anInvalidBulkRequestIsRefusedWithAPointer(String body, int status, String pointer)
      throws Exception {
    long runsBefore = count("SELECT count(*) FROM dead_letter_replay_runs");

    HttpResponse<String> response = send("POST", PATH + "/replay", ADMIN_KEY, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json.readTree(response.body()).get("errors").findValuesAsText("pointer"))
        .contains(pointer);
    assertThat(count("SELECT count(*) FROM dead_letter_replay_runs")).isEqualTo(runsBefore);
  }

  // ---- helpers

  private String startRun(String tenant, int canary) throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            PATH + "/replay",
            ADMIN_KEY,
            "{\"filter\": {\"tenantId\": \"%s\"}, \"canary\": %d}".formatted(tenant, canary));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return json.readTree(response.body()).get("runId").asText();
  }

  private JsonNode awaitRun(String runId, String state) {
    return await()
        .atMost(WAIT)
        .until(() -> getRun(runId), run -> run.get("state").asText().equals(state));
  }

  private JsonNode getRun(String runId) throws Exception {
    HttpResponse<String> response = send("GET", RUNS + "/" + runId, ADMIN_KEY, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private JsonNode list(String query) throws Exception {
    HttpResponse<String> response = send("GET", PATH + query, ADMIN_KEY, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private static List<UUID> ids(JsonNode page) {
    List<UUID> ids = new ArrayList<>();
    page.get("items").forEach(item -> ids.add(UUID.fromString(item.get("id").asText())));
    return ids;
  }

  private JsonNode auditFor(UUID id) throws Exception {
    return auditWhere(e -> id.toString().equals(e.get("deadLetterId").asText()));
  }

  private JsonNode auditWhere(java.util.function.Predicate<JsonNode> wanted) throws Exception {
    JsonNode page = json.readTree(send("GET", PATH + "/audit?limit=200", ADMIN_KEY, null).body());
    for (JsonNode item : page.get("items")) {
      if (wanted.test(item)) {
        return item;
      }
    }
    throw new AssertionError("no such audit entry in " + page);
  }

  /** A failed job of {@code tenant} and its dead-letter entry, as a worker records them. */
  private UUID deadLetter(
      String tenant, String host, String errorType, Instant failedAt, int replayCount) {
    TenantId owner = new TenantId(UUID.fromString(tenant));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Job job =
        Job.accept(
            JobId.newId(now, random),
            owner,
            null,
            new JobRequest(
                "https://" + host + "/x",
                HttpMethod.GET,
                Map.of(),
                null,
                Duration.ofSeconds(10),
                true,
                new RetryPolicy(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)),
                null,
                Map.of()),
            now);
    transactions.inTransaction(
        () -> {
          jobs.add(job);
          return null;
        });
    jdbc()
        .sql(
            "UPDATE jobs SET status = 'failed', attempts = 3, generation = ?, last_error_type = ?,"
                + " last_error_message = ?, completed_at = ? WHERE id = ?")
        .params(
            replayCount,
            errorType,
            "failed: " + errorType,
            Timestamp.from(failedAt),
            job.id().value())
        .update();
    UUID id = UUID.randomUUID();
    jdbc()
        .sql(
            """
            INSERT INTO dead_letters (id, job_id, tenant_id, url, host, failed_at, attempts,
                                      last_error_type, last_error_message, replay_count)
            VALUES (?, ?, ?, ?, ?, ?, 3, ?, ?, ?)
            """)
        .params(
            id,
            job.id().value(),
            owner.value(),
            "https://" + host + "/x",
            host,
            Timestamp.from(failedAt),
            errorType,
            "failed: " + errorType,
            replayCount)
        .update();
    return id;
  }

  /** What a worker writes when a (replayed) job completes. */
  private void completeJob(UUID job) {
    jdbc()
        .sql(
            "UPDATE jobs SET status = 'completed', attempts = 1, completed_at = now() WHERE id = ?")
        .param(job)
        .update();
  }

  /** What a worker writes when a replayed job fails again: the job, and its entry dead again. */
  private void failJob(UUID job) {
    jdbc()
        .sql(
            "UPDATE jobs SET status = 'failed', attempts = 1, last_error_type = 'timeout',"
                + " last_error_message = 'again', completed_at = now() WHERE id = ?")
        .param(job)
        .update();
    jdbc()
        .sql(
            "UPDATE dead_letters SET state = 'dead', failed_at = now(), attempts = 1 WHERE job_id = ?")
        .param(job)
        .update();
  }

  private UUID jobOf(UUID entry) {
    return jdbc()
        .sql("SELECT job_id FROM dead_letters WHERE id = ?")
        .param(entry)
        .query(UUID.class)
        .single();
  }

  private Map<String, Object> jobRow(UUID job) {
    return jdbc()
        .sql("SELECT status, generation, attempts FROM jobs WHERE id = ?")
        .param(job)
        .query()
        .singleRow();
  }

  private List<Map<String, Object>> entries(String tenant) {
    return jdbc()
        .sql("SELECT * FROM dead_letters WHERE tenant_id = ? ORDER BY id")
        .param(UUID.fromString(tenant))
        .query()
        .listOfRows();
  }

  private long count(String sql) {
    return jdbc().sql(sql).query(Long.class).single();
  }

  private static String enc(Object value) {
    return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
  }

  private String createTenant(String purpose) throws Exception {
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v1/admin/tenants",
            ADMIN_KEY,
            "{\"name\": \"dlq-"
                + purpose
                + "-"
                + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36)
                + "\", \"rateLimit\": {\"perSecond\": 100, \"burst\": 200}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json.readTree(created.body()).get("id").asText();
  }

  private String issueKey(String tenant, String... scopes) throws Exception {
    HttpResponse<String> issued =
        send(
            "POST",
            "/api/v1/admin/tenants/" + tenant + "/api-keys",
            ADMIN_KEY,
            "{\"scopes\": [\"" + String.join("\", \"", scopes) + "\"]}");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    return json.readTree(issued.body()).get("key").asText();
  }

  private HttpResponse<String> send(String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .header("Authorization", "Bearer " + key)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
