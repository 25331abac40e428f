package io.fetchq.api.jobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fetchq.api.jobs.domain.CallbackDelivery;
import io.fetchq.api.jobs.domain.CallbackStatus;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.domain.JobResult;
import io.fetchq.api.jobs.domain.RequestBody;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.web.ApiJson;
import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobResponseMapperTest {

  private static final Instant CREATED = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant FETCHED = Instant.parse("2026-11-22T10:00:01.987654Z");

  private final JobResponseMapper mapper =
      new JobResponseMapper(List.of("Authorization", "Cookie", "X-Api-Key", " X-Custom-Secret "));
  private final ObjectMapper json =
      ApiJson.configure(new ObjectMapper().registerModule(new JavaTimeModule()));

  @Test
  void masksSensitiveHeaderValuesIgnoringCase() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("AUTHORIZATION", "Bearer abc");
    headers.put("cookie", "session=1");
    headers.put("x-custom-secret", "s");
    headers.put("Accept", "application/json");

    JobResponse response = mapper.toResponse(job(request(headers, null, null)));

    assertThat(response.request().headers())
        .containsExactly(
            Map.entry("AUTHORIZATION", "***"),
            Map.entry("cookie", "***"),
            Map.entry("x-custom-secret", "***"),
            Map.entry("Accept", "application/json"));
  }

  @Test
  void showsTextBodyAsText() {
    JobResponse response =
        mapper.toResponse(
            job(
                request(
                    Map.of(),
                    new RequestBody("héllo".getBytes(StandardCharsets.UTF_8), false),
                    null)));

    assertThat(response.request().body()).isEqualTo("héllo");
    assertThat(response.request().bodyBase64()).isNull();
  }

  @Test
  void showsBase64BodyAsBase64() {
    JobResponse response =
        mapper.toResponse(
            job(
                request(
                    Map.of(), new RequestBody("hi".getBytes(StandardCharsets.UTF_8), true), null)));

    assertThat(response.request().body()).isNull();
    assertThat(response.request().bodyBase64()).isEqualTo("aGk=");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "text/plain; charset=utf-8 | true",
        "application/json | true",
        "application/problem+json | true",
        "image/png | false",
        "application/octet-stream | false"
      })
  void showsResultBodyAsTextOnlyForTextualContentTypes(String contentType, boolean textual) {
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    JobResponse response =
        mapper.toResponse(
            completed(
                new JobResult(
                    200, Map.of("content-type", contentType), body, false, 7L, 12, FETCHED)));

    if (textual) {
      assertThat(response.result().body()).isEqualTo("{\"a\":1}");
      assertThat(response.result().bodyBase64()).isNull();
    } else {
      assertThat(response.result().body()).isNull();
      assertThat(response.result().bodyBase64()).isEqualTo("eyJhIjoxfQ==");
    }
  }

  @Test
  void showsResultWithoutContentTypeAsBase64() {
    JobResponse response =
        mapper.toResponse(
            completed(new JobResult(204, Map.of(), new byte[0], false, 0L, 3, FETCHED)));

    assertThat(response.result().bodyBase64()).isEmpty();
    assertThat(response.result().body()).isNull();
  }

  @Test
  void showsCallbackAsPendingWhenOneIsSet() {
    JobResponse withCallback =
        mapper.toResponse(job(request(Map.of(), null, "https://hooks.example/x")));
    JobResponse without = mapper.toResponse(job(request(Map.of(), null, null)));

    assertThat(withCallback.callback())
        .isEqualTo(new JobResponse.CallbackView("https://hooks.example/x", "pending", 0, null));
    assertThat(without.callback()).isNull();
  }

  @ParameterizedTest
  @CsvSource({"PENDING, pending, 2, 503", "DELIVERED, delivered, 1, 204", "FAILED, failed, 9, 500"})
  void showsTheLatestDeliveryOfTheCallback(
      CallbackStatus status, String shown, int attempts, int code) {
    Job job = job(request(Map.of(), null, "https://hooks.example/x"));
    Job delivered =
        new Job(
            job.id(),
            job.tenantId(),
            null,
            JobStatus.COMPLETED,
            job.request(),
            1,
            0,
            null,
            CREATED,
            FETCHED,
            FETCHED,
            null,
            null,
            new CallbackDelivery(status, attempts, code));

    assertThat(mapper.toResponse(delivered).callback())
        .isEqualTo(new JobResponse.CallbackView("https://hooks.example/x", shown, attempts, code));
  }

  @Test
  void aCallbackWithoutAnAnswerHasNoResponseCode() {
    Job job = job(request(Map.of(), null, "https://hooks.example/x"));
    Job scheduled =
        new Job(
            job.id(),
            job.tenantId(),
            null,
            JobStatus.FAILED,
            job.request(),
            1,
            0,
            null,
            CREATED,
            FETCHED,
            FETCHED,
            null,
            null,
            new CallbackDelivery(CallbackStatus.PENDING, 3, null));

    assertThat(mapper.toResponse(scheduled).callback())
        .isEqualTo(new JobResponse.CallbackView("https://hooks.example/x", "pending", 3, null));
  }

  @Test
  void writesTimestampsAsRfc3339WithMillisecondsAndNullsAsNull() throws Exception {
    Job failed =
        new Job(
            new JobId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000aa")),
            TenantId.SYSTEM,
            null,
            JobStatus.FAILED,
            request(Map.of(), null, null),
            5,
            0,
            null,
            CREATED,
            FETCHED,
            FETCHED,
            null,
            new JobError("dns", "no such host"));

    JsonNode node = json.readTree(json.writeValueAsString(mapper.toResponse(failed)));

    assertThat(node.get("createdAt").asText()).isEqualTo("2026-11-22T10:00:00.000Z");
    assertThat(node.get("updatedAt").asText()).isEqualTo("2026-11-22T10:00:01.987Z");
    assertThat(node.get("completedAt").isTextual()).isTrue();
    assertThat(node.get("nextAttemptAt").isNull()).isTrue();
    assertThat(node.get("result").isNull()).isTrue();
    assertThat(node.get("batchId").isNull()).isTrue();
    assertThat(node.get("status").asText()).isEqualTo("failed");
    assertThat(node.get("lastError").get("type").asText()).isEqualTo("dns");
    assertThat(node.get("request").get("retry").get("multiplier").asDouble()).isEqualTo(2.0);
  }

  private static Job job(JobRequest request) {
    return Job.accept(
        new JobId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000aa")),
        TenantId.SYSTEM,
        null,
        request,
        CREATED);
  }

  private static Job completed(JobResult result) {
    Job job = job(request(Map.of(), null, null));
    return new Job(
        job.id(),
        job.tenantId(),
        null,
        JobStatus.COMPLETED,
        job.request(),
        1,
        0,
        null,
        CREATED,
        FETCHED,
        FETCHED,
        result,
        null);
  }

  private static JobRequest request(
      Map<String, String> headers, RequestBody body, String callbackUrl) {
    return new JobRequest(
        "https://example.org/",
        HttpMethod.POST,
        headers,
        body,
        Duration.ofSeconds(10),
        true,
        RetryPolicy.DEFAULT,
        callbackUrl,
        Map.of("orderId", "42"));
  }
}
