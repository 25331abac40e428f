package io.fetchq.api.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class TracingTest {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private final Tracing tracing = new Tracing(OTEL.getOpenTelemetry());

  @Test
  void withoutACurrentSpanThereAreNoHeaders() {
    assertThat(tracing.currentHeaders()).isEmpty();
    assertThat(Tracing.noop().currentHeaders()).isEmpty();
  }

  @Test
  void theCurrentSpanBecomesATraceparentThatExtractsToTheSameContext() {
    Span span = tracing.span("POST /api/v1/jobs", SpanKind.SERVER).startSpan();
    Map<String, String> headers;
    Scope scope = span.makeCurrent();
    try {
      headers = tracing.currentHeaders();
    } finally {
      scope.close();
      span.end();
    }

    SpanContext context = span.getSpanContext();
    assertThat(headers)
        .containsEntry(
            Tracing.TRACEPARENT,
            "00-"
                + context.getTraceId()
                + "-"
                + context.getSpanId()
                + "-"
                + context.getTraceFlags().asHex());
    SpanContext extracted = Span.fromContext(tracing.extract(headers)).getSpanContext();
    assertThat(extracted.getTraceId()).isEqualTo(context.getTraceId());
    assertThat(extracted.getSpanId()).isEqualTo(context.getSpanId());
    assertThat(tracing.extract(Map.of())).isSameAs(Context.root());
  }

  @Test
  void injectReplacesTheTraceContextAndKeepsOtherHeaders() {
    Map<String, String> headers = new HashMap<>();
    headers.put("fetchq-type", "fetch-job.v1");
    headers.put(Tracing.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    headers.put(Tracing.TRACESTATE, "vendor=old");
    Span producer = tracing.span("send", SpanKind.PRODUCER).startSpan();
    producer.end();

    tracing.inject(Context.root().with(producer), headers);

    assertThat(headers.get(Tracing.TRACEPARENT)).contains(producer.getSpanContext().getSpanId());
    assertThat(headers).doesNotContainKey(Tracing.TRACESTATE).containsKey("fetchq-type");
  }

  @Test
  void aLogLineWrittenWhileHandlingATracedRequestCarriesTheRequestSpanIds() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger("io.fetchq.api.tracing.test");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    Span server = tracing.span("GET /api/v1/jobs/{id}", SpanKind.SERVER).startSpan();
    Scope scope = server.makeCurrent();
    try {
      new TraceMdcFilter()
          .doFilter(
              new MockHttpServletRequest("GET", "/api/v1/jobs/1"),
              new MockHttpServletResponse(),
              new MockFilterChain(
                  new jakarta.servlet.http.HttpServlet() {
                    @Override
                    protected void service(
                        jakarta.servlet.http.HttpServletRequest req,
                        jakarta.servlet.http.HttpServletResponse res) {
                      logger.info("handling");
                    }
                  }));
    } finally {
      scope.close();
      server.end();
      logger.detachAppender(appender);
    }

    assertThat(appender.list).singleElement();
    assertThat(appender.list.getFirst().getMDCPropertyMap())
        .containsEntry(Tracing.TRACE_ID, server.getSpanContext().getTraceId())
        .containsEntry(Tracing.SPAN_ID, server.getSpanContext().getSpanId());
    assertThat(MDC.get(Tracing.TRACE_ID)).isNull();
    assertThat(MDC.get(Tracing.SPAN_ID)).isNull();
  }
}
