package io.fetchq.api.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.TestApi;
import io.fetchq.api.callbacks.runner.WebhookEventPreparer;
import io.fetchq.api.callbacks.usecase.PrepareWebhookEvents;
import io.fetchq.api.changes.usecase.ChangeListener;
import io.fetchq.api.web.ApiJson;
import io.fetchq.contracts.DatabaseChannels;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Webhook events from the database trigger to the callbacks topic, against the running API: a job
 * cancelled over HTTP (or batch jobs completed by SQL, as a worker would) makes the trigger record
 * an event; the preparer renders it as GET shows the job or batch and queues attempt 1 through the
 * outbox. The job's callback view is read while its delivery row changes (set by SQL, as the worker
 * callback consumer would). Each test works with a tenant of its own.
 */
class WebhookEventsIT extends ApiIntegrationTest {

  private static final String CALLBACKS_TOPIC = Topics.name(PREFIX, Topics.CALLBACKS);
  private static final String HOOK = "https://Hooks.Example:8443/fetchq";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired private PrepareWebhookEvents prepare;
  @Autowired private ObjectProvider<ChangeListener> listeners;

  private TestApi api;

  @BeforeEach
  void client() {
    api = new TestApi(baseUrl(), ADMIN_KEY);
  }

  @Test
  void thePreparerIsTheWebhookEventsChannelsChangeListener() {
    assertThat(listeners.orderedStream())
        .filteredOn(listener -> listener.channel().equals(DatabaseChannels.WEBHOOK_EVENTS))
        .hasSize(1)
        .first()
        .isInstanceOf(WebhookEventPreparer.class);
  }

  @Test
  void aCancelledJobsEventCarriesTheJobAsGetShowsItAndQueuesOneFirstAttempt() throws Exception {
    String key = newTenantKey();
    UUID job = submit(key, HOOK);
    UUID tenant =
        jdbc().sql("SELECT tenant_id FROM jobs WHERE id = ?").param(job).query(UUID.class).single();
    HttpResponse<String> cancelled = api.send("DELETE", "/api/v1/jobs/" + job, key, null);
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    assertThat(api.body(cancelled).get("callback").get("status").asText()).isEqualTo("pending");
    // The LISTEN adapter is not part of this module yet: notify the preparer as it would.
    listeners
        .orderedStream()
        .filter(listener -> listener.channel().equals(DatabaseChannels.WEBHOOK_EVENTS))
        .forEach(listener -> listener.changed("any"));

    Map<String, Object> event = awaitQueued("job_id", job);
    UUID eventId = (UUID) event.get("id");
    JsonNode payload = json.readTree((String) event.get("payload"));
    JsonNode shown = getJson(key, "/api/v1/jobs/" + job);

    assertThat(event).containsEntry("event_type", "job.cancelled").containsEntry("attempts", 0);
    assertThat(payload.get("type").asText()).isEqualTo("job.cancelled");
    assertThat(payload.get("timestamp").asText())
        .isEqualTo(ApiJson.TIMESTAMP.format(instant(event.get("occurred_at"))))
        .isEqualTo(shown.get("completedAt").asText());
    assertThat(payload.get("data")).isEqualTo(shown);
    assertThat(shown.get("status").asText()).isEqualTo("cancelled");
    assertThat(shown.get("callback"))
        .isEqualTo(
            json.readTree(
                "{\"url\": \"%s\", \"status\": \"pending\", \"attempts\": 0,".formatted(HOOK)
                    + " \"lastResponseCode\": null}"));
    List<String> fields = new ArrayList<>();
    payload.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("type", "timestamp", "data");

    ConsumerRecord<String, byte[]> record = onlyRecordFor(eventId);
    CallbackMessage message = json.readValue(record.value(), CallbackMessage.class);
    assertThat(message.eventId()).isEqualTo(eventId);
    assertThat(message.tenantId()).isEqualTo(tenant);
    assertThat(message.attempt()).isEqualTo(1);
    assertThat(message.host()).isEqualTo("hooks.example");
    assertThat(
            new String(
                record.headers().lastHeader(Topics.TYPE_HEADER).value(), StandardCharsets.UTF_8))
        .isEqualTo(CallbackMessage.TYPE);

    // Preparing again finds nothing of this event: no second message, payload unchanged.
    prepare.prepareBatch();
    prepare.prepareBatch();
    assertThat(eventRow(eventId)).containsEntry("payload", event.get("payload"));
    assertThat(onlyRecordFor(eventId).offset()).isEqualTo(record.offset());
  }

  @Test
  void aCompletedBatchsEventCarriesTheBatchAsGetShowsIt() throws Exception {
    String key = newTenantKey();
    HttpResponse<String> submitted =
        api.send(
            "POST",
            "/api/v1/batches",
            key,
            "{\"jobs\": [{\"url\": \"https://example.org/a\", \"callbackUrl\": \"%s\"},"
                    .formatted(HOOK)
                + " {\"url\": \"https://example.org/b\"}], \"callbackUrl\": \"https://batch.example/done\"}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    UUID batch = UUID.fromString(api.body(submitted).get("id").asText());

    jdbc()
        .sql(
            "UPDATE jobs SET status = 'completed', attempts = 1, completed_at = now(),"
                + " updated_at = now() WHERE batch_id = ?")
        .param(batch)
        .update();

    Map<String, Object> event = awaitQueued("batch_id", batch);
    JsonNode payload = json.readTree((String) event.get("payload"));
    JsonNode shown = getJson(key, "/api/v1/batches/" + batch);

    assertThat(payload.get("type").asText()).isEqualTo("batch.completed");
    assertThat(payload.get("data")).isEqualTo(shown);
    assertThat(shown.get("status").asText()).isEqualTo("completed");
    assertThat(shown.get("counts").get("completed").asInt()).isEqualTo(2);
    assertThat(onlyRecordFor((UUID) event.get("id")).key()).isEqualTo(event.get("id").toString());

    // The job with its own callbackUrl has its own job.completed event.
    JsonNode jobs = getJson(key, "/api/v1/batches/" + batch + "/jobs");
    JsonNode withCallback = jobs.get("items").get(1);
    assertThat(withCallback.get("callback").get("url").asText()).isEqualTo(HOOK);
    assertThat(jobs.get("items").get(0).get("callback").isNull()).isTrue();
    UUID job = UUID.fromString(withCallback.get("id").asText());
    Map<String, Object> jobEvent = awaitQueued("job_id", job);
    assertThat(jobEvent).containsEntry("event_type", "job.completed");
    assertThat(json.readTree((String) jobEvent.get("payload")).get("data").get("id").asText())
        .isEqualTo(job.toString());
  }

  @Test
  void aJobsCallbackShowsItsLatestDeliveryInGetAndInTheListings() throws Exception {
    String key = newTenantKey();
    UUID job = submit(key, HOOK);
    assertThat(callbackOf(key, job)).isEqualTo(view("pending", 0, null));
    assertThat(api.send("DELETE", "/api/v1/jobs/" + job, key, null).statusCode()).isEqualTo(200);
    UUID eventId = (UUID) awaitQueued("job_id", job).get("id");

    setDelivery(eventId, "sending", 1, null);
    assertThat(callbackOf(key, job)).isEqualTo(view("pending", 1, null));
    setDelivery(eventId, "scheduled", 1, 503);
    assertThat(callbackOf(key, job)).isEqualTo(view("pending", 1, 503));
    setDelivery(eventId, "delivered", 2, 204);
    assertThat(callbackOf(key, job)).isEqualTo(view("delivered", 2, 204));
    setDelivery(eventId, "failed", 9, 500);
    assertThat(callbackOf(key, job)).isEqualTo(view("failed", 9, 500));
    JsonNode listed = getJson(key, "/api/v1/jobs?limit=5").get("items").get(0);
    assertThat(listed.get("id").asText()).isEqualTo(job.toString());
    assertThat(listed.get("callback")).isEqualTo(view("failed", 9, 500));

    // An older event of the same job does not hide the latest.
    jdbc()
        .sql(
            "INSERT INTO webhook_deliveries (id, tenant_id, job_id, event_type, url, state,"
                + " attempts, occurred_at, updated_at) SELECT ?, tenant_id, job_id, 'job.failed',"
                + " url, 'delivered', 1, occurred_at - interval '1 hour', now()"
                + " FROM webhook_deliveries WHERE id = ?")
        .params(UUID.randomUUID(), eventId)
        .update();
    assertThat(callbackOf(key, job)).isEqualTo(view("failed", 9, 500));
  }

  @Test
  void anEventWhoseJobNoLongerExistsIsDeadLetteredAndCannotBeReplayed() throws Exception {
    String tenant =
        api.body(
                api.send(
                    "POST",
                    "/api/v1/admin/tenants",
                    ADMIN_KEY,
                    "{\"name\": \"gone-%s\", \"rateLimit\": {\"perSecond\": 10, \"burst\": 20}}"
                        .formatted(UUID.randomUUID())))
            .get("id")
            .asText();
    UUID eventId = UUID.randomUUID();
    jdbc()
        .sql(
            "INSERT INTO webhook_deliveries (id, tenant_id, job_id, event_type, url, occurred_at,"
                + " updated_at) VALUES (?, ?, ?, 'job.completed', ?, now(), now())")
        .params(eventId, UUID.fromString(tenant), UUID.randomUUID(), HOOK)
        .update();

    prepare.prepareBatch();

    Map<String, Object> row =
        await().atMost(WAIT).until(() -> eventRow(eventId), r -> "failed".equals(r.get("state")));
    assertThat(row.get("payload")).isNull();
    assertThat((String) row.get("last_error")).contains("no longer exists");
    assertThat(row.get("failed_at")).isNotNull();
    HttpResponse<String> listed =
        api.send("GET", "/api/v1/admin/callback-dead-letters?tenantId=" + tenant, ADMIN_KEY, null);
    assertThat(api.body(listed).get("items").get(0).get("id").asText())
        .isEqualTo(eventId.toString());
    HttpResponse<String> replay =
        api.send(
            "POST", "/api/v1/admin/callback-dead-letters/" + eventId + "/replay", ADMIN_KEY, null);
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(409);
    assertThat(
            jdbc()
                .sql("SELECT count(*) FROM outbox WHERE message_key = ?")
                .param(eventId.toString())
                .query(Long.class)
                .single())
        .isZero();
  }

  // ---- helpers

  private JsonNode view(String status, int attempts, Integer code) throws Exception {
    return json.readTree(
        "{\"url\": \"%s\", \"status\": \"%s\", \"attempts\": %d, \"lastResponseCode\": %s}"
            .formatted(HOOK, status, attempts, code));
  }

  private JsonNode callbackOf(String key, UUID job) throws Exception {
    return getJson(key, "/api/v1/jobs/" + job).get("callback");
  }

  private void setDelivery(UUID eventId, String state, int attempts, Integer code) {
    jdbc()
        .sql(
            "UPDATE webhook_deliveries SET state = ?, attempts = ?, last_status_code = ?,"
                + " failed_at = CASE WHEN ? = 'failed' THEN now() END WHERE id = ?")
        .params(state, attempts, code, state, eventId)
        .update();
  }

  private UUID submit(String key, String callbackUrl) throws Exception {
    HttpResponse<String> response =
        api.send(
            "POST",
            "/api/v1/jobs",
            key,
            "{\"url\": \"https://example.org/data\", \"callbackUrl\": \"" + callbackUrl + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return UUID.fromString(api.body(response).get("id").asText());
  }

  private JsonNode getJson(String key, String path) throws Exception {
    HttpResponse<String> response = api.send("GET", path, key, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return api.body(response);
  }

  private Map<String, Object> awaitQueued(String subjectColumn, UUID subject) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                jdbc()
                    .sql("SELECT * FROM webhook_deliveries WHERE " + subjectColumn + " = ?")
                    .param(subject)
                    .query()
                    .listOfRows(),
            rows -> rows.size() == 1 && "queued".equals(rows.getFirst().get("state")))
        .getFirst();
  }

  private Map<String, Object> eventRow(UUID eventId) {
    return jdbc()
        .sql("SELECT * FROM webhook_deliveries WHERE id = ?")
        .param(eventId)
        .query()
        .singleRow();
  }

  private static Instant instant(Object timestamp) {
    return timestamp instanceof OffsetDateTime odt
        ? odt.toInstant()
        : ((java.sql.Timestamp) timestamp).toInstant();
  }

  private String newTenantKey() throws Exception {
    return api.tenantKey(1000, 2000);
  }

  /** The one record published for {@code eventId}, read from the whole topic. */
  private ConsumerRecord<String, byte[]> onlyRecordFor(UUID eventId) {
    List<ConsumerRecord<String, byte[]>> records =
        new CallbackRecords(jdbc(), broker.getBrokersAsString(), CALLBACKS_TOPIC, json)
            .recordsFor(eventId);
    assertThat(records).as("records for event %s", eventId).hasSize(1);
    return records.getFirst();
  }
}
