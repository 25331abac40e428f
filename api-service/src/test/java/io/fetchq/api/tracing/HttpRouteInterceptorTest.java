package io.fetchq.api.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerAttributesExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerAttributesGetter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRouteSource;
import io.opentelemetry.instrumentation.api.semconv.http.HttpSpanNameExtractor;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The interceptor names the SERVER span's route, and the OpenTelemetry Spring MVC filter's own
 * route lookup at the end of the request (a {@link HttpServerRouteSource#CONTROLLER} update with a
 * getter that asks every handler mapping) then never runs.
 */
class HttpRouteInterceptorTest {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");

  private final HttpRouteInterceptor interceptor = new HttpRouteInterceptor();
  private final AtomicInteger lookups = new AtomicInteger();

  @Test
  void theMatchedPatternBecomesTheRouteAndTheFiltersLookupIsSkipped() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/jobs/abc");
    request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/api/v1/jobs/{id}");

    SpanData span = serve(request);

    assertThat(span.getName()).isEqualTo("GET /api/v1/jobs/{id}");
    assertThat(span.getAttributes().get(ROUTE)).isEqualTo("/api/v1/jobs/{id}");
    assertThat(lookups).hasValue(0);
  }

  @Test
  void theContextPathIsPartOfTheRoute() {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/fetchq/api/v1/jobs");
    request.setContextPath("/fetchq");
    request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/api/v1/jobs");

    assertThat(serve(request).getAttributes().get(ROUTE)).isEqualTo("/fetchq/api/v1/jobs");
    assertThat(lookups).hasValue(0);
  }

  @Test
  void withoutAMatchedPatternTheFilterStillLooksTheRouteUp() {
    SpanData span = serve(new MockHttpServletRequest("GET", "/nowhere"));

    assertThat(lookups).hasValue(1);
    assertThat(span.getAttributes().get(ROUTE)).isEqualTo("/looked-up");
  }

  @Test
  void outsideAServerSpanNothingHappensAndTheRequestGoesOn() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/jobs/abc");
    request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/api/v1/jobs/{id}");

    assertThat(interceptor.preHandle(request, new MockHttpServletResponse(), new Object()))
        .isTrue();
    assertThat(OTEL.getSpans()).isEmpty();
  }

  /**
   * What the starter's filter does around a request: an instrumenter's SERVER span whose context
   * holds the route state, the handler (here only the interceptor) inside it, then its own
   * CONTROLLER update with a getter that counts as a lookup.
   */
  private SpanData serve(MockHttpServletRequest request) {
    RequestGetter getter = new RequestGetter();
    Instrumenter<HttpServletRequest, Void> instrumenter =
        Instrumenter.<HttpServletRequest, Void>builder(
                OTEL.getOpenTelemetry(), "test", HttpSpanNameExtractor.create(getter))
            .addAttributesExtractor(HttpServerAttributesExtractor.create(getter))
            .addContextCustomizer(HttpServerRoute.create(getter))
            .buildServerInstrumenter(getter);
    Context context = instrumenter.start(Context.root(), request);
    Scope scope = context.makeCurrent();
    try {
      assertThat(interceptor.preHandle(request, new MockHttpServletResponse(), new Object()))
          .isTrue();
    } finally {
      scope.close();
    }
    HttpServerRoute.update(
        context,
        HttpServerRouteSource.CONTROLLER,
        (ctx, req) -> {
          lookups.incrementAndGet();
          return "/looked-up";
        },
        request);
    instrumenter.end(context, request, null, null);
    List<SpanData> spans = OTEL.getSpans();
    assertThat(spans).hasSize(1);
    return spans.getFirst();
  }

  /** The request parts the route state reads: only the method matters here. */
  private static final class RequestGetter
      implements HttpServerAttributesGetter<HttpServletRequest, Void>,
          TextMapGetter<HttpServletRequest> {

    @Override
    public Iterable<String> keys(HttpServletRequest request) {
      return List.of();
    }

    @Override
    public String get(HttpServletRequest request, String key) {
      return null;
    }

    @Override
    public String getHttpRequestMethod(HttpServletRequest request) {
      return request.getMethod();
    }

    @Override
    public List<String> getHttpRequestHeader(HttpServletRequest request, String name) {
      return List.of();
    }

    @Override
    public Integer getHttpResponseStatusCode(
        HttpServletRequest request, Void response, Throwable error) {
      return null;
    }

    @Override
    public List<String> getHttpResponseHeader(
        HttpServletRequest request, Void response, String name) {
      return List.of();
    }

    @Override
    public String getUrlScheme(HttpServletRequest request) {
      return request.getScheme();
    }

    @Override
    public String getUrlPath(HttpServletRequest request) {
      return request.getRequestURI();
    }

    @Override
    public String getUrlQuery(HttpServletRequest request) {
      return request.getQueryString();
    }
  }
}
