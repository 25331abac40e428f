package io.fetchq.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.usecase.BootstrapKeyAuthenticator;
import io.fetchq.api.web.security.ApiKeyAuthenticationFilter;
import io.fetchq.api.web.security.ApiKeyAuthenticationProvider;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerMapping;

/** The MDC of a request: set while it is handled, gone afterwards, even when handling throws. */
class LogContextTest {

  private final ApiKeyAuthenticationFilter filter =
      new ApiKeyAuthenticationFilter(
          new ProviderManager(
              new ApiKeyAuthenticationProvider(
                  List.of(new BootstrapKeyAuthenticator("admin-key")))));
  private final LogContextInterceptor interceptor = new LogContextInterceptor();

  @AfterEach
  void clear() {
    MDC.clear();
    SecurityContextHolder.clearContext();
  }

  @Test
  void theAuthenticatedTenantIsInTheMdcWhileTheChainRunsAndRemovedAfterEvenOnFailure() {
    AtomicReference<String> seen = new AtomicReference<>();
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/jobs");
    request.addHeader("Authorization", "Bearer admin-key");
    FilterChain failing =
        (req, res) -> {
          seen.set(MDC.get(LogContext.TENANT_ID));
          throw new IllegalStateException("handler failed");
        };

    assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), failing))
        .isInstanceOf(IllegalStateException.class);

    assertThat(seen.get()).isEqualTo(TenantId.SYSTEM.toString());
    assertThat(MDC.get(LogContext.TENANT_ID)).isNull();
  }

  @Test
  void anUnauthenticatedRequestHasNoTenant() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>("unset");
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/jobs");
    request.addHeader("Authorization", "Bearer wrong-key");

    filter.doFilter(
        request,
        new MockHttpServletResponse(),
        (req, res) -> seen.set(MDC.get(LogContext.TENANT_ID)));

    assertThat(seen.get()).isNull();
  }

  @Test
  void theJobOrBatchOfThePathIsInTheMdcUntilCompletionOrAsyncStart() throws ServletException {
    MockHttpServletRequest job = handled("/api/v1/jobs/{id}/attempts", "j-1");
    MockHttpServletRequest batch = handled("/api/v1/batches/{id}/events", "b-1");
    MockHttpServletResponse response = new MockHttpServletResponse();

    interceptor.preHandle(job, response, new Object());
    assertThat(MDC.get(LogContext.JOB_ID)).isEqualTo("j-1");
    interceptor.afterCompletion(job, response, new Object(), null);
    assertThat(MDC.get(LogContext.JOB_ID)).isNull();

    interceptor.preHandle(batch, response, new Object());
    assertThat(MDC.get(LogContext.BATCH_ID)).isEqualTo("b-1");
    interceptor.afterConcurrentHandlingStarted(batch, response, new Object());
    assertThat(MDC.get(LogContext.BATCH_ID)).isNull();
  }

  @Test
  void otherPathsPutNothing() {
    interceptor.preHandle(
        handled("/api/v1/admin/tenants/{id}", "t-1"), new MockHttpServletResponse(), new Object());
    interceptor.preHandle(
        new MockHttpServletRequest("GET", "/actuator/health"),
        new MockHttpServletResponse(),
        new Object());

    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  private static MockHttpServletRequest handled(String pattern, String id) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", pattern.replace("{id}", id));
    Map<String, String> variables = new HashMap<>();
    variables.put("id", id);
    request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
    request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, variables);
    return request;
  }
}
