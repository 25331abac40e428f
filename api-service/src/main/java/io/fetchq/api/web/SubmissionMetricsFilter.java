package io.fetchq.api.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts submissions ({@code POST /api/v1/jobs} and {@code POST /api/v1/batches}) by how they were
 * answered, whatever answered them (controller, validation, security, size limit, rate limit):
 * {@code fetchq.api.submissions{kind, outcome, reason}}, one per request. {@code kind} is {@code
 * job} or {@code batch}; {@code outcome} is {@code accepted} (2xx), {@code replayed} (2xx with
 * {@code Idempotent-Replayed: true}), {@code rejected} (4xx) or {@code failed} (5xx); {@code
 * reason} is the problem type's slug ({@code rate-limited}, {@code validation-error}, {@code
 * idempotency-key-reused}, ...) or {@code none}. Every tag value comes from a fixed set (the {@link
 * ProblemType} enum, else the generic type of the status, else {@code other}): never a tenant, URL
 * or job id. The jobs inside accepted requests are counted by the use cases ({@code
 * fetchq.api.submitted.jobs}).
 */
public final class SubmissionMetricsFilter extends OncePerRequestFilter {

  /** Request attribute holding the {@link URI} type of the problem answered, if any. */
  public static final String PROBLEM_TYPE = SubmissionMetricsFilter.class.getName() + ".problem";

  static final String REPLAYED_HEADER = "Idempotent-Replayed";

  private final MeterRegistry meters;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public SubmissionMetricsFilter(MeterRegistry meters) {
    this.meters = Objects.requireNonNull(meters, "meters");
    for (String kind : new String[] {"job", "batch"}) {
      counter(kind, "accepted", "none");
      counter(kind, "replayed", "none");
    }
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return kind(request) == null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } finally {
      count(request, response);
    }
  }

  private void count(HttpServletRequest request, HttpServletResponse response) {
    String kind = kind(request);
    int status = response.getStatus();
    if (status < 400) {
      boolean replayed = "true".equalsIgnoreCase(response.getHeader(REPLAYED_HEADER));
      counter(kind, replayed ? "replayed" : "accepted", "none").increment();
      return;
    }
    counter(kind, status >= 500 ? "failed" : "rejected", reason(request, status)).increment();
  }

  /**
   * The problem's slug: the recorded type when it is one of ours, else the status's generic type.
   */
  static String reason(HttpServletRequest request, int status) {
    if (request.getAttribute(PROBLEM_TYPE) instanceof URI type) {
      var known = ProblemType.forUri(type);
      if (known.isPresent()) {
        return known.get().slug();
      }
    }
    return ProblemType.forStatus(status).map(ProblemType::slug).orElse("other");
  }

  private static String kind(HttpServletRequest request) {
    if (!"POST".equals(request.getMethod())) {
      return null;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return switch (path) {
      case "/api/v1/jobs" -> "job";
      case "/api/v1/batches" -> "batch";
      default -> null;
    };
  }

  private Counter counter(String kind, String outcome, String reason) {
    return counters.computeIfAbsent(
        kind + '/' + outcome + '/' + reason,
        key ->
            Counter.builder("fetchq.api.submissions")
                .description(
                    "Submission requests (jobs, batches) by outcome (accepted, replayed, rejected,"
                        + " failed) and problem type")
                .tag("kind", kind)
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(meters));
  }
}
