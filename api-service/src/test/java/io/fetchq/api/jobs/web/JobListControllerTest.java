package io.fetchq.api.jobs.web;

import static io.fetchq.api.jobs.web.JobWebTestConfiguration.ADMIN_KEY;
import static io.fetchq.api.jobs.web.JobWebTestConfiguration.OTHER_TENANT_KEY;
import static io.fetchq.api.jobs.web.JobWebTestConfiguration.WRITE_ONLY_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.batches.web.BatchWebTestConfiguration;
import io.fetchq.api.config.ApiBatchConfiguration;
import io.fetchq.api.config.ApiConfiguration;
import io.fetchq.api.config.ApiSecurityConfiguration;
import io.fetchq.api.config.ApiWebConfiguration;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@WebMvcTest(
    controllers = {JobListController.class, JobController.class},
    properties = {"fetchq.api.bootstrap-admin-key=" + ADMIN_KEY})
@Import({
  BatchWebTestConfiguration.class,
  ApiConfiguration.class,
  ApiBatchConfiguration.class,
  ApiWebConfiguration.class,
  ApiSecurityConfiguration.class
})
class JobListControllerTest {

  private static final String JOBS = "/api/v1/jobs";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired MockMvc mvc;
  @Autowired InMemoryJobRepository jobs;

  @BeforeEach
  void emptyFakes() {
    jobs.clear();
  }

  static Stream<Arguments> invalidParameters() {
    return Stream.of(
        Arguments.of(Map.of("limit", "0"), List.of("limit")),
        Arguments.of(Map.of("limit", "201"), List.of("limit")),
        Arguments.of(Map.of("limit", "-1"), List.of("limit")),
        Arguments.of(Map.of("limit", "ten"), List.of("limit")),
        Arguments.of(Map.of("limit", "1.5"), List.of("limit")),
        Arguments.of(Map.of("limit", "99999999999"), List.of("limit")),
        Arguments.of(Map.of("status", "done"), List.of("status")),
        Arguments.of(Map.of("status", "QUEUED"), List.of("status")),
        Arguments.of(Map.of("batchId", "not-a-uuid"), List.of("batchId")),
        Arguments.of(Map.of("cursor", "tampered"), List.of("cursor")),
        Arguments.of(Map.of("cursor", "AZD1whI0erzN7wEjRWeJqw"), List.of("cursor")),
        Arguments.of(Map.of("cursor", "@@@"), List.of("cursor")),
        Arguments.of(
            Map.of("limit", "0", "status", "x", "batchId", "y", "cursor", "z"),
            List.of("status", "batchId", "limit", "cursor")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidParameters")
  void refusesInvalidParameters(Map<String, String> parameters, List<String> invalid)
      throws Exception {
    MockHttpServletRequestBuilder request =
        get(JOBS).header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY);
    parameters.forEach(request::param);

    String body =
        mvc.perform(request)
            .andExpect(status().isBadRequest())
            .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.type").value("https://fetchq.io/problems/invalid-parameter"))
            .andExpect(jsonPath("$.detail").isNotEmpty())
            .andExpect(jsonPath("$.errors[*].parameter").value(contains(invalid.toArray())))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(body).doesNotContain("Exception", "io.fetchq", "java.");
  }

  @Test
  void namesTheStatusesInItsDetail() throws Exception {
    mvc.perform(
            get(JOBS)
                .param("status", "done")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY))
        .andExpect(
            jsonPath("$.detail")
                .value(
                    "The query parameter 'status' must be one of queued, running, retrying,"
                        + " completed, failed, cancelled."));
  }

  @Test
  void listsNewestFirstWithFiltersAndEmptyParametersAsAbsent() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(submit(ADMIN_KEY));
    }
    submit(OTHER_TENANT_KEY);
    // One fixed clock: the ids share a millisecond, so their order is their random bits' order.
    ids.sort(Comparator.reverseOrder());
    Job cancelled =
        jobs.find(TenantId.SYSTEM, new JobId(UUID.fromString(ids.get(1)))).orElseThrow();
    jobs.put(cancelled.cancel(cancelled.createdAt()));

    mvc.perform(
            get(JOBS)
                .param("limit", "")
                .param("cursor", "")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[*].id").value(contains(ids.get(0), ids.get(1), ids.get(2))))
        .andExpect(jsonPath("$.items[0].request.url").value("https://example.org/"))
        .andExpect(jsonPath("$.nextCursor").isEmpty());
    mvc.perform(
            get(JOBS)
                .param("status", JobStatus.CANCELLED.wireName())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY))
        .andExpect(jsonPath("$.items[*].id").value(contains(ids.get(1))))
        .andExpect(jsonPath("$.items[0].status").value("cancelled"));
    mvc.perform(
            get(JOBS)
                .param("batchId", UUID.randomUUID().toString())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY))
        .andExpect(jsonPath("$.items.length()").value(0));
  }

  @Test
  void pagesWithAnOpaqueCursor() throws Exception {
    for (int i = 0; i < 5; i++) {
      submit(ADMIN_KEY);
    }
    JsonNode first = list(Map.of("limit", "2"));
    JsonNode second = list(Map.of("limit", "2", "cursor", first.get("nextCursor").asText()));
    JsonNode third = list(Map.of("limit", "2", "cursor", second.get("nextCursor").asText()));

    assertThat(first.get("items")).hasSize(2);
    assertThat(second.get("items")).hasSize(2);
    assertThat(third.get("items")).hasSize(1);
    assertThat(third.get("nextCursor").isNull()).isTrue();
    List<String> seen = new ArrayList<>();
    for (JsonNode page : List.of(first, second, third)) {
      page.get("items").forEach(item -> seen.add(item.get("id").asText()));
    }
    assertThat(seen)
        .doesNotHaveDuplicates()
        .hasSize(5)
        .isSortedAccordingTo(Comparator.reverseOrder());
  }

  @Test
  void needsTheReadScope() throws Exception {
    mvc.perform(get(JOBS).header(HttpHeaders.AUTHORIZATION, "Bearer " + WRITE_ONLY_KEY))
        .andExpect(status().isForbidden());
  }

  private JsonNode list(Map<String, String> parameters) throws Exception {
    MockHttpServletRequestBuilder request =
        get(JOBS).header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_KEY);
    parameters.forEach(request::param);
    return JSON.readTree(
        mvc.perform(request)
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString());
  }

  private String submit(String key) throws Exception {
    String body =
        mvc.perform(
                post(JOBS)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"url\": \"https://example.org/\"}"))
            .andExpect(status().isAccepted())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return JSON.readTree(body).get("id").asText();
  }
}
