package io.fetchq.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.api.tracing.HttpRouteInterceptor;
import io.fetchq.api.web.security.FirewallCharacters;
import io.fetchq.api.web.security.IntrospectorCacheFilterRemover;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Per request, Spring MVC looks the handler up once: Spring Security's servlet filter runs its
 * chain without 6.5's handler-lookup cache filter in front of it ({@link
 * IntrospectorCacheFilterRemover}), and the SERVER span's route comes from the dispatcher's match
 * ({@link HttpRouteInterceptor}); its firewall still refuses control characters in headers ({@link
 * FirewallCharacters}). Every other integration test goes through this chain, so authentication and
 * authorization are exercised there.
 */
class SecurityFilterChainIT extends ApiIntegrationTest {

  /** Where the cache filter leaves its lookup for the rest of the request. */
  private static final String LOOKUP_CACHE =
      HandlerMappingIntrospector.class.getName() + ".CachedResult";

  @Autowired
  @Qualifier(IntrospectorCacheFilterRemover.BEAN_NAME) private Filter securityFilter;

  @Autowired
  @Qualifier("requestMappingHandlerMapping") private RequestMappingHandlerMapping mappings;

  @Test
  void aRequestPassesSpringSecurityWithoutAHandlerLookup() throws Exception {
    List<String> seen = new ArrayList<>();
    HttpServlet behind =
        servlet(request -> seen.add(String.valueOf(request.getAttribute(LOOKUP_CACHE))));
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health");

    securityFilter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain(behind));

    assertThat(seen).containsExactly("null");
  }

  @Test
  void aHeaderWithAControlCharacterIsRefusedByTheFirewall() throws Exception {
    List<String> seen = new ArrayList<>();
    HttpServlet behind =
        servlet(
            request -> {
              seen.add(request.getHeader("X-Probe"));
              seen.add(request.getHeader("X-Tabbed"));
            });
    MockHttpServletRequest clean = new MockHttpServletRequest("GET", "/actuator/health");
    clean.addHeader("X-Probe", "plain");
    clean.addHeader("X-Tabbed", "a\tb");
    MockHttpServletRequest hostile = new MockHttpServletRequest("GET", "/actuator/health");
    hostile.addHeader("X-Probe", "a\u0001b");
    MockHttpServletResponse refused = new MockHttpServletResponse();

    securityFilter.doFilter(clean, new MockHttpServletResponse(), new MockFilterChain(behind));
    securityFilter.doFilter(hostile, refused, new MockFilterChain(behind));

    assertThat(seen).containsExactly("plain", "a\tb");
    assertThat(refused.getStatus()).isEqualTo(400);
  }

  @Test
  void everyHandlerNamesTheSpansRoute() throws Exception {
    MockHttpServletRequest submit = new MockHttpServletRequest("POST", "/api/v1/jobs");
    submit.setContentType(MediaType.APPLICATION_JSON_VALUE);

    HandlerExecutionChain handler = mappings.getHandler(submit);

    assertThat(handler).isNotNull();
    assertThat(handler.getInterceptorList())
        .anySatisfy(i -> assertThat(i).isInstanceOf(HttpRouteInterceptor.class));
  }

  /** What the chain calls once the request has passed it. */
  private static HttpServlet servlet(Consumer<HttpServletRequest> onRequest) {
    return new HttpServlet() {
      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response) {
        onRequest.accept(request);
      }
    };
  }
}
