package io.fetchq.api.jobs.web;

import static io.fetchq.api.jobs.web.JobWebTestConfiguration.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.config.ApiConfiguration;
import io.fetchq.api.config.ApiSecurityConfiguration;
import io.fetchq.api.config.ApiWebConfiguration;
import io.fetchq.api.idempotency.domain.IdempotencyKey;
import io.fetchq.api.idempotency.usecase.InMemoryIdempotencyKeyStore;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.jobs.usecase.RecordingJobDispatches;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

/** {@code Idempotency-Key} on {@code POST /api/v1/jobs}, on the web slice with in-memory ports. */
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
class JobIdempotencyControllerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired MockMvc mvc;
  @Autowired InMemoryJobRepository jobs;
  @Autowired RecordingJobDispatches dispatches;
  @Autowired FakeTransactions transactions;
  @Autowired InMemoryIdempotencyKeyStore keys;

  private final String key = "key-" + UUID.randomUUID();

  @BeforeEach
  void emptyFakes() {
    jobs.clear();
    dispatches.clear();
    transactions.reset();
  }

  @Test
  void replaysTheJobForTheSameRequestSpelledDifferently() throws Exception {
    MvcResult first =
        submit("{\"url\": \"https://example.org/x\", \"method\": \"GET\"}", key)
            .andExpect(status().isAccepted())
            .andExpect(header().doesNotExist("Idempotent-Replayed"))
            .andReturn();
    String location = first.getResponse().getHeader(HttpHeaders.LOCATION);

    MvcResult again =
        submit("{ \"method\" : \"GET\",\n \"url\" : \"https://example.org/x\" }", key)
            .andExpect(status().isOk())
            .andExpect(header().string("Idempotent-Replayed", "true"))
            .andExpect(header().string(HttpHeaders.LOCATION, location))
            .andReturn();

    assertThat(JSON.readTree(again.getResponse().getContentAsString()))
        .isEqualTo(JSON.readTree(first.getResponse().getContentAsString()));
    assertThat(jobs.all()).hasSize(1);
    assertThat(dispatches.messages()).hasSize(1);
  }

  @Test
  void refusesTheKeyForAnotherRequest() throws Exception {
    submit("{\"url\": \"https://example.org/x\"}", key).andExpect(status().isAccepted());

    problem(submit("{\"url\": \"https://example.org/y\"}", key), 422, "idempotency-key-reused");
    problem(
        submit("{\"url\": \"https://example.org/x\", \"method\": \"GET\"}", key),
        422,
        "idempotency-key-reused");
    assertThat(jobs.all()).hasSize(1);
  }

  @Test
  void answersInFlightWhileAnotherRequestHoldsTheKey() throws Exception {
    keys.holdElsewhere(TenantId.SYSTEM, new IdempotencyKey(key));

    problem(submit("{\"url\": \"https://example.org/x\"}", key), 409, "idempotency-key-in-flight");
    assertThat(jobs.all()).isEmpty();
  }

  @Test
  void refusesAMalformedKeyAndStoresNothing() throws Exception {
    problem(
            submit("{\"url\": \"https://example.org/x\"}", "two words"),
            400,
            "invalid-idempotency-key")
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("index 3")));
    problem(
        submit("{\"url\": \"https://example.org/x\"}", "k".repeat(256)),
        400,
        "invalid-idempotency-key");
    assertThat(jobs.all()).isEmpty();
    assertThat(keys.all()).noneMatch(stored -> stored.key().value().startsWith("two"));
  }

  @Test
  void anInvalidBodyDoesNotUseTheKeyUp() throws Exception {
    problem(submit("{\"url\": \"ftp://example.org/x\"}", key), 422, "validation-error");
    problem(submit("{\"url\": \"http://10.0.0.1/x\"}", key), 422, "validation-error");

    submit("{\"url\": \"https://example.org/x\"}", key).andExpect(status().isAccepted());
    assertThat(jobs.all()).hasSize(1);
  }

  private ResultActions submit(String json, String idempotencyKey) throws Exception {
    return mvc.perform(
        post("/api/v1/jobs")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY)
            .header("Idempotency-Key", idempotencyKey)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json));
  }

  private static ResultActions problem(ResultActions result, int status, String type)
      throws Exception {
    return result
        .andExpect(status().is(status))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://fetchq.io/problems/" + type))
        .andExpect(jsonPath("$.detail").isNotEmpty());
  }
}
