package io.fetchq.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class ProblemErrorControllerTest {

  private final ProblemErrorController controller = new ProblemErrorController();

  @ParameterizedTest
  @CsvSource({
    "400, malformed-request",
    "401, unauthorized",
    "403, forbidden",
    "404, not-found",
    "405, method-not-allowed",
    "413, payload-too-large",
    "415, unsupported-media-type",
    "500, internal-error",
    "503, service-unavailable"
  })
  void answersContainerErrorsAsProblems(int status, String type) {
    ResponseEntity<ProblemDetail> response = controller.error(errorRequest(status, null));

    assertThat(response.getStatusCode().value()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getBody().getType().toString())
        .isEqualTo("https://fetchq.io/problems/" + type);
    assertThat(response.getBody().getDetail()).isNotBlank();
  }

  @Test
  void neverShowsTheExceptionMessage() {
    ResponseEntity<ProblemDetail> response =
        controller.error(errorRequest(500, new IllegalStateException("SELECT * FROM jobs")));

    assertThat(response.getBody().getDetail()).doesNotContain("SELECT").doesNotContain("Illegal");
    assertThat(response.getBody().getProperties()).isNull();
  }

  @Test
  void challengesForAKeyOn401() {
    ResponseEntity<ProblemDetail> response = controller.error(errorRequest(401, null));

    assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
  }

  @Test
  void treatsAMissingStatusAsInternalError() {
    ResponseEntity<ProblemDetail> response = controller.error(new MockHttpServletRequest());

    assertThat(response.getStatusCode().value()).isEqualTo(500);
  }

  @Test
  void usesTheReasonPhraseForStatusesWithoutAType() {
    ResponseEntity<ProblemDetail> response = controller.error(errorRequest(408, null));

    assertThat(response.getStatusCode().value()).isEqualTo(408);
    assertThat(response.getBody().getTitle()).isEqualTo("Request Timeout");
    assertThat(response.getBody().getType().toString()).isEqualTo("about:blank");
  }

  private static MockHttpServletRequest errorRequest(int status, Throwable exception) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
    request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
    request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/jobs");
    if (exception != null) {
      request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, exception);
    }
    return request;
  }
}
