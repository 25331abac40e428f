package io.fetchq.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class SubmissionMetricsFilterTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final SubmissionMetricsFilter filter = new SubmissionMetricsFilter(meters);

  private void answer(String method, String path, FilterChain chain) throws Exception {
    filter.doFilter(new MockHttpServletRequest(method, path), new MockHttpServletResponse(), chain);
  }

  private double count(String kind, String outcome, String reason) {
    var counter =
        meters
            .find("fetchq.api.submissions")
            .tag("kind", kind)
            .tag("outcome", outcome)
            .tag("reason", reason)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void countsAnAcceptedJobAndAReplayedBatch() throws Exception {
    answer("POST", "/api/v1/jobs", (req, res) -> ((HttpServletResponse) res).setStatus(202));
    answer(
        "POST",
        "/api/v1/batches",
        (req, res) -> {
          HttpServletResponse response = (HttpServletResponse) res;
          response.setStatus(200);
          response.setHeader("Idempotent-Replayed", "true");
        });

    assertThat(count("job", "accepted", "none")).isEqualTo(1);
    assertThat(count("batch", "replayed", "none")).isEqualTo(1);
    assertThat(count("batch", "accepted", "none")).isZero();
  }

  @Test
  void takesTheReasonFromTheRecordedProblemType() throws Exception {
    answer(
        "POST",
        "/api/v1/jobs",
        (req, res) -> {
          req.setAttribute(SubmissionMetricsFilter.PROBLEM_TYPE, ProblemType.RATE_LIMITED.uri());
          ((HttpServletResponse) res).setStatus(429);
        });
    answer(
        "POST",
        "/api/v1/jobs",
        (req, res) -> {
          req.setAttribute(
              SubmissionMetricsFilter.PROBLEM_TYPE, ProblemType.IDEMPOTENCY_KEY_REUSED.uri());
          ((HttpServletResponse) res).setStatus(422);
        });

    assertThat(count("job", "rejected", "rate-limited")).isEqualTo(1);
    assertThat(count("job", "rejected", "idempotency-key-reused")).isEqualTo(1);
  }

  @Test
  void fallsBackToTheStatusGenericTypeAndNeverUsesAForeignValue() throws Exception {
    // written outside MVC (security entry point): no recorded type
    answer("POST", "/api/v1/jobs", (req, res) -> ((HttpServletResponse) res).setStatus(401));
    // a type that is not ours is not a tag value
    answer(
        "POST",
        "/api/v1/batches",
        (req, res) -> {
          req.setAttribute(
              SubmissionMetricsFilter.PROBLEM_TYPE, URI.create("https://evil.example/tenant-42"));
          ((HttpServletResponse) res).setStatus(500);
        });
    answer("POST", "/api/v1/jobs", (req, res) -> ((HttpServletResponse) res).setStatus(418));

    assertThat(count("job", "rejected", "unauthorized")).isEqualTo(1);
    assertThat(count("batch", "failed", "internal-error")).isEqualTo(1);
    assertThat(count("job", "rejected", "other")).isEqualTo(1);
  }

  @Test
  void countsWhenTheChainThrows() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    response.setStatus(500);
    try {
      filter.doFilter(
          new MockHttpServletRequest("POST", "/api/v1/jobs"),
          response,
          (req, res) -> {
            throw new IllegalStateException("boom");
          });
    } catch (IllegalStateException expected) {
      // propagated
    }

    assertThat(count("job", "failed", "internal-error")).isEqualTo(1);
  }

  @Test
  void ignoresOtherRoutesAndMethods() throws Exception {
    answer("GET", "/api/v1/jobs", (req, res) -> ((HttpServletResponse) res).setStatus(200));
    answer(
        "POST", "/api/v1/jobs/x/retry", (req, res) -> ((HttpServletResponse) res).setStatus(200));
    answer("DELETE", "/api/v1/jobs", (req, res) -> ((HttpServletResponse) res).setStatus(405));

    assertThat(meters.find("fetchq.api.submissions").counters())
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
  }

  @Test
  void registersTheSuccessSeriesUpFront() {
    assertThat(meters.find("fetchq.api.submissions").counters())
        .extracting(Meter::getId)
        .extracting(id -> id.getTag("kind") + "/" + id.getTag("outcome"))
        .containsExactlyInAnyOrder(
            "job/accepted", "job/replayed", "batch/accepted", "batch/replayed");
  }
}
