package io.fetchq.api.ratelimit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.ratelimit.domain.LimitScope;
import io.fetchq.api.ratelimit.domain.RateLimitDecision;
import io.fetchq.api.ratelimit.domain.RateLimitStatus;
import io.fetchq.api.ratelimit.usecase.FakeRateLimiter;
import io.fetchq.api.ratelimit.usecase.RateLimiter;
import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.web.ProblemType;
import io.fetchq.api.web.security.ApiKeyAuthentication;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

class RateLimitHeadersFilterTest {

  private static final RateLimit LIMIT = new RateLimit(100, 200);

  private final FakeRateLimiter limiter = new FakeRateLimiter();
  private final RateLimitHeadersFilter filter = new RateLimitHeadersFilter(limiter);

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
    RequestContextHolder.resetRequestAttributes();
  }

  private static void signIn() {
    SecurityContextHolder.getContext()
        .setAuthentication(
            ApiKeyAuthentication.authenticated(
                new ApiPrincipal(TenantId.SYSTEM, Set.of(Scope.JOBS_READ))));
  }

  @ParameterizedTest(name = "{0} {1}: filtered={2}")
  @CsvSource({
    "GET,  /api/v1/jobs,              true",
    "GET,  /api/v1/jobs/x/attempts,   true",
    "POST, /api/v1/batches,           true",
    "GET,  /api/v1/batches/x/jobs,    true",
    "GET,  /api/v1/jobsx,             false",
    "GET,  /api/v1/admin/tenants,     false",
    "GET,  /actuator/health,          false",
  })
  void coversJobsAndBatchesOnly(String method, String path, boolean filtered) {
    assertThat(filter.shouldNotFilter(new MockHttpServletRequest(method, path)))
        .isEqualTo(!filtered);
  }

  @Test
  void reportsTheRecordedRefusalWithRetryAfterBeforeTheBodyIsWritten() throws Exception {
    signIn();
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/jobs");
    MockHttpServletResponse response = new MockHttpServletResponse();
    RateLimitDecision refused =
        new RateLimitDecision.Refused(
            new RateLimitStatus(LIMIT, 0, 2), LimitScope.TENANT, Duration.ofSeconds(2));

    filter.doFilter(
        request,
        response,
        new MockFilterChain(
            new jakarta.servlet.http.HttpServlet() {
              @Override
              protected void service(
                  jakarta.servlet.http.HttpServletRequest req, HttpServletResponse res)
                  throws java.io.IOException {
                RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(req));
                RateLimiter refusing =
                    new RequestRecordingRateLimiter(
                        new RateLimiter() {
                          @Override
                          public RateLimitDecision acquire(TenantId tenant, int cost) {
                            return refused;
                          }

                          @Override
                          public RateLimitStatus peek(TenantId tenant) {
                            throw new AssertionError("not peeked");
                          }
                        });
                refusing.acquire(TenantId.SYSTEM, 1);
                res.setStatus(429);
                res.getWriter().write("{}");
              }
            }));

    assertThat(response.getHeader("RateLimit-Policy")).isEqualTo("\"default\";q=200;w=2");
    assertThat(response.getHeader("RateLimit")).isEqualTo("\"default\";r=0;t=2");
    assertThat(response.getHeader("Retry-After")).isEqualTo("2");
  }

  @Test
  void peeksWhenNothingWasTakenEvenForAnErrorSentByTheContainer() throws Exception {
    signIn();
    MockHttpServletResponse response = new MockHttpServletResponse();

    filter.doFilter(
        new MockHttpServletRequest("GET", "/api/v1/jobs/x"),
        response,
        new MockFilterChain(
            new jakarta.servlet.http.HttpServlet() {
              @Override
              protected void service(
                  jakarta.servlet.http.HttpServletRequest req, HttpServletResponse res)
                  throws java.io.IOException {
                res.sendError(404);
              }
            }));

    assertThat(response.getHeader("RateLimit")).isEqualTo("\"default\";r=200;t=0");
    assertThat(response.getHeader("Retry-After")).isNull();
    assertThat(limiter.costs()).isEmpty();
  }

  @Test
  void writesTheFieldsOnAnEmptyAnswerAndNothingWithoutACaller() throws Exception {
    MockHttpServletResponse anonymous = new MockHttpServletResponse();
    filter.doFilter(
        new MockHttpServletRequest("GET", "/api/v1/jobs"), anonymous, new MockFilterChain());
    signIn();
    MockHttpServletResponse empty = new MockHttpServletResponse();
    filter.doFilter(
        new MockHttpServletRequest("DELETE", "/api/v1/jobs/x"), empty, new MockFilterChain());

    assertThat(anonymous.getHeader("RateLimit")).isNull();
    assertThat(empty.getHeader("RateLimit-Policy")).isEqualTo("\"default\";q=200;w=2");
  }

  @Test
  void leavesTheFieldsOutWhenTheBucketCannotBeRead() throws Exception {
    signIn();
    RateLimitHeadersFilter failing =
        new RateLimitHeadersFilter(
            new RateLimiter() {
              @Override
              public RateLimitDecision acquire(TenantId tenant, int cost) {
                throw new IllegalStateException("down");
              }

              @Override
              public RateLimitStatus peek(TenantId tenant) {
                throw new IllegalStateException("down");
              }
            });
    MockHttpServletResponse response = new MockHttpServletResponse();

    failing.doFilter(
        new MockHttpServletRequest("GET", "/api/v1/jobs"), response, new MockFilterChain());

    assertThat(response.getHeader("RateLimit")).isNull();
  }

  @Test
  void mapsRefusalsTo429Problems() {
    RateLimitStatus status = new RateLimitStatus(LIMIT, 0, 1);

    assertThat(
            RateLimitProblems.tooManyRequests(
                    new RateLimitDecision.Refused(status, LimitScope.GLOBAL, Duration.ofSeconds(1)))
                .type())
        .isEqualTo(ProblemType.RATE_LIMITED);
    assertThat(
            RateLimitProblems.tooManyRequests(
                    new RateLimitDecision.ExceedsCapacity(status, LimitScope.TENANT, 200, 500))
                .getMessage())
        .contains("needs 500 tokens", "at most 200");
    assertThatThrownBy(
            () -> RateLimitProblems.tooManyRequests(new RateLimitDecision.Granted(status)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
