package io.fetchq.api.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.TestApi;
import io.fetchq.api.changes.persistence.PostgresChangeNotifications;
import io.fetchq.api.streams.usecase.StatusStreams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * Status streams against the running application. Job statuses are changed with plain SQL, as a
 * worker or another API instance changes them: an event that arrives travelled through a PostgreSQL
 * notification to this instance's listener (the periodic re-read is off in tests).
 */
class StatusStreamIT extends ApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Autowired private StatusStreams streams;
  @Autowired private PostgresChangeNotifications notifications;
  @Autowired private Environment environment;

  private final HttpClient http = HttpClient.newHttpClient();
  private TestApi api;
  private String key;

  @BeforeEach
  void tenant() throws Exception {
    api = new TestApi(baseUrl(), ADMIN_KEY);
    key = api.tenantKey(1000, 1000);
    await().atMost(WAIT).until(notifications::isConnected);
  }

  @AfterEach
  void noStreamLeaks() {
    await().atMost(WAIT).until(() -> streams.activeStreams() == 0);
  }

  @Test
  void emitsEachStatusChangeInOrderAndClosesAfterTheTerminalOne() throws Exception {
    String job = submitJob();
    try (EventStream stream = open("/api/v1/jobs/" + job + "/events", key)) {
      assertThat(stream.response.statusCode()).isEqualTo(200);
      assertThat(stream.response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      assertThat(stream.response.headers().firstValue("RateLimit")).isPresent();
      stream.awaitEvents(1);

      setStatus(job, "running");
      stream.awaitEvents(2);
      setStatus(job, "completed");
      stream.awaitClosed();

      assertThat(stream.events()).extracting(Event::name).containsOnly("job");
      assertThat(stream.events()).extracting(Event::id).containsExactly("1", "2", "3");
      assertThat(stream.statuses()).containsExactly("queued", "running", "completed");
      assertThat(stream.events().getLast().data())
          .isEqualTo(api.body(api.send("GET", "/api/v1/jobs/" + job, key, null)));
    }
  }

  @Test
  void aClientConnectingAfterCompletionGetsTheFinalStateAtOnceAndTheClose() throws Exception {
    String job = submitJob();
    setStatus(job, "running");
    setStatus(job, "failed");

    try (EventStream stream = open("/api/v1/jobs/" + job + "/events", key)) {
      stream.awaitClosed();

      assertThat(stream.statuses()).containsExactly("failed");
    }
  }

  @Test
  void refusesOtherTenantsUnknownIdsMissingScopesAndMissingKeys() throws Exception {
    String job = submitJob();
    String stranger = api.tenantKey(1000, 1000);

    assertProblem(open("/api/v1/jobs/" + job + "/events", stranger), 404, "not-found");
    assertProblem(open("/api/v1/jobs/" + UUID.randomUUID() + "/events", key), 404, "not-found");
    assertProblem(open("/api/v1/batches/" + UUID.randomUUID() + "/events", key), 404, "not-found");
    assertProblem(open("/api/v1/jobs/" + job + "/events", writeOnlyKey()), 403, "forbidden");
    assertProblem(open("/api/v1/jobs/" + job + "/events", null), 401, "unauthorized");
  }

  @Test
  void aBatchStreamEmitsProgressAndClosesAtCompletion() throws Exception {
    HttpResponse<String> submitted =
        api.send(
            "POST",
            "/api/v1/batches",
            key,
            "{\"jobs\": [{\"url\": \"https://example.org/a\"}, {\"url\": \"https://example.org/b\"}]}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    JsonNode batch = api.body(submitted);
    String batchId = batch.get("id").asText();
    String first = batch.get("jobIds").get(0).asText();
    String second = batch.get("jobIds").get(1).asText();

    try (EventStream stream = open("/api/v1/batches/" + batchId + "/events", key)) {
      stream.awaitEvents(1);
      setStatus(first, "running");
      stream.awaitEvents(2);
      setStatus(first, "completed");
      stream.awaitEvents(3);
      setStatus(second, "running");
      stream.awaitEvents(4);
      setStatus(second, "cancelled");
      stream.awaitClosed();

      assertThat(stream.events()).extracting(Event::name).containsOnly("batch");
      assertThat(stream.events())
          .extracting(
              event ->
                  event.data().get("status").asText()
                      + " q"
                      + event.data().at("/counts/queued").asInt()
                      + " r"
                      + event.data().at("/counts/running").asInt()
                      + " done"
                      + (event.data().at("/counts/completed").asInt()
                          + event.data().at("/counts/cancelled").asInt()))
          .containsExactly(
              "running q2 r0 done0",
              "running q1 r1 done0",
              "running q1 r0 done1",
              "running q0 r1 done1",
              "completed q0 r0 done2");
      assertThat(stream.events().getLast().data())
          .isEqualTo(api.body(api.send("GET", "/api/v1/batches/" + batchId, key, null)));
    }
  }

  @Test
  void aClientThatGoesAwayIsUnsubscribed() throws Exception {
    String job = submitJob();
    EventStream stream = open("/api/v1/jobs/" + job + "/events", key);
    stream.awaitEvents(1);
    assertThat(streams.activeStreams()).isOne();

    stream.close();

    await().atMost(WAIT).until(() -> streams.activeStreams() == 0);
  }

  @Test
  void reconnectsAfterItsConnectionIsKilledAndEmitsWhatChangedMeanwhile() throws Exception {
    String job = submitJob();
    try (EventStream stream = open("/api/v1/jobs/" + job + "/events", key)) {
      stream.awaitEvents(1);
      String database = jdbc().sql("SELECT current_database()").query(String.class).single();
      try {
        // No new connection to this database (existing ones, the pool's included, stay): the
        // listener cannot come back before the change below is committed and notified to nobody.
        allowConnections(database, false);
        int killed =
            jdbc()
                .sql(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE application_name = 'fetchq-change-listener'"
                        + " AND datname = current_database()")
                .query(Integer.class)
                .single();
        assertThat(killed).isOne();
        await().atMost(WAIT).until(() -> !notifications.isConnected());

        setStatus(job, "running");
      } finally {
        allowConnections(database, true);
      }

      await().atMost(WAIT).until(notifications::isConnected);
      stream.awaitEvents(2);
      assertThat(stream.statuses()).containsExactly("queued", "running");

      setStatus(job, "completed");
      stream.awaitClosed();
      assertThat(stream.statuses()).containsExactly("queued", "running", "completed");
    }
  }

  /** ALTER DATABASE from another database (a database cannot refuse connections to itself). */
  private void allowConnections(String database, boolean allow) throws SQLException {
    String url = environment.getRequiredProperty("spring.datasource.url");
    String admin = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    try (Connection connection =
            DriverManager.getConnection(
                admin,
                environment.getRequiredProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password", ""));
        Statement statement = connection.createStatement()) {
      statement.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS " + allow);
    }
  }

  private String submitJob() throws Exception {
    HttpResponse<String> submitted = api.submit(key, "https://example.org/stream");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    return api.body(submitted).get("id").asText();
  }

  private String writeOnlyKey() throws Exception {
    HttpResponse<String> tenant =
        api.send(
            "POST",
            "/api/v1/admin/tenants",
            ADMIN_KEY,
            "{\"name\": \"sse-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
    assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(201);
    return api.key(api.body(tenant).get("id").asText(), "jobs:write");
  }

  /** What a worker or another instance does: one committed status change. */
  private void setStatus(String job, String status) {
    int updated =
        jdbc()
            .sql(
                "UPDATE jobs SET status = ?, updated_at = now(),"
                    + " completed_at = CASE WHEN ? IN ('completed', 'failed', 'cancelled')"
                    + " THEN now() END WHERE id = ?::uuid")
            .param(status)
            .param(status)
            .param(job)
            .update();
    assertThat(updated).isOne();
  }

  private void assertProblem(EventStream stream, int status, String type) throws Exception {
    try (stream) {
      stream.awaitClosed();
      assertThat(stream.response.statusCode()).isEqualTo(status);
      assertThat(stream.response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      JsonNode problem = json.readTree(String.join("\n", stream.lines));
      assertThat(problem.get("type").asText()).isEqualTo("https://fetchq.io/problems/" + type);
    }
  }

  private EventStream open(String path, String bearer) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .header("Accept", "text/event-stream")
            .GET();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return new EventStream(http.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
  }

  record Event(String name, String id, JsonNode data) {}

  /** The lines of one response, read on their own thread as they arrive. */
  final class EventStream implements AutoCloseable {

    final HttpResponse<Stream<String>> response;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private final Thread reader;

    EventStream(HttpResponse<Stream<String>> response) {
      this.response = response;
      this.reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Stream<String> body = response.body()) {
                      body.forEach(lines::add);
                    } catch (RuntimeException e) {
                      // the test closed the stream
                    } finally {
                      closed = true;
                    }
                  });
    }

    void awaitEvents(int count) {
      await().atMost(WAIT).until(() -> events().size() >= count);
      assertThat(events()).hasSize(count);
    }

    void awaitClosed() {
      await().atMost(WAIT).until(() -> closed);
    }

    List<Event> events() {
      List<Event> events = new ArrayList<>();
      String name = null;
      String id = null;
      String data = null;
      for (String line : lines) {
        if (line.isEmpty()) {
          if (data != null) {
            events.add(new Event(name, id, parse(data)));
          }
          name = null;
          id = null;
          data = null;
        } else if (line.startsWith("event:")) {
          name = line.substring("event:".length()).strip();
        } else if (line.startsWith("id:")) {
          id = line.substring("id:".length()).strip();
        } else if (line.startsWith("data:")) {
          assertThat(data).as("one data line per event").isNull();
          data = line.substring("data:".length());
        } else {
          assertThat(line).as("only keep-alive comments besides events").isEqualTo(": keep-alive");
        }
      }
      return events;
    }

    List<String> statuses() {
      return events().stream().map(event -> event.data().get("status").asText()).toList();
    }

    private JsonNode parse(String data) {
      try {
        return json.readTree(data);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + data, e);
      }
    }

    @Override
    public void close() {
      response.body().close();
      reader.interrupt();
    }
  }
}
