package io.fetchq.worker.tracing;

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
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class TracingTest {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private final Tracing tracing = new Tracing(OTEL.getOpenTelemetry());

  @Test
  void theCurrentContextTravelsInKafkaHeadersReplacingAnOldOne() {
    Headers headers = new RecordHeaders();
    headers.add(
        "traceparent",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(StandardCharsets.UTF_8));
    headers.add("fetchq-type", "fetch-job.v1".getBytes(StandardCharsets.UTF_8));
    Span span = tracing.span("attempt", SpanKind.CONSUMER).startSpan();
    Scope scope = span.makeCurrent();
    try {
      tracing.injectCurrent(headers);
    } finally {
      scope.close();
      span.end();
    }

    assertThat(headers.headers("traceparent")).hasSize(1);
    SpanContext carried = Span.fromContext(tracing.extract(headers)).getSpanContext();
    assertThat(carried.getTraceId()).isEqualTo(span.getSpanContext().getTraceId());
    assertThat(carried.getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
    assertThat(carried.isRemote()).isTrue();
    assertThat(headers.lastHeader("fetchq-type")).isNotNull();
  }

  @Test
  void headersWithoutContextGiveTheRootContext() {
    assertThat(tracing.extract(new RecordHeaders())).isSameAs(Context.root());
    Headers broken = new RecordHeaders();
    broken.add("traceparent", "not-a-traceparent".getBytes(StandardCharsets.UTF_8));
    assertThat(Span.fromContext(tracing.extract(broken)).getSpanContext().isValid()).isFalse();
  }

  @Test
  void aFirstAttemptContinuesTheProducersTraceALaterOneLinksToIt() {
    Span producer = tracing.span("send", SpanKind.PRODUCER).startSpan();
    producer.end();
    Context origin = Context.root().with(producer);

    tracing.startConsumer("first", origin, true).end();
    tracing.startConsumer("retry", origin, false).end();
    tracing.startConsumer("untraced retry", Context.root(), false).end();

    SpanData first = finished("first");
    assertThat(first.getTraceId()).isEqualTo(producer.getSpanContext().getTraceId());
    assertThat(first.getParentSpanId()).isEqualTo(producer.getSpanContext().getSpanId());
    assertThat(first.getLinks()).isEmpty();
    SpanData retry = finished("retry");
    assertThat(retry.getTraceId()).isNotEqualTo(producer.getSpanContext().getTraceId());
    assertThat(retry.getParentSpanContext().isValid()).isFalse();
    assertThat(retry.getLinks())
        .extracting(LinkData::getSpanContext)
        .containsExactly(producer.getSpanContext());
    assertThat(finished("untraced retry").getLinks()).isEmpty();
  }

  @Test
  void aLogLineWrittenInsideAnOpenSpanCarriesItsIdsInTheMdc() {
    Logger logger = (Logger) LoggerFactory.getLogger("io.fetchq.worker.tracing.test");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    MDC.put(Tracing.TRACE_ID, "outer");
    try {
      Span span = tracing.span("process", SpanKind.CONSUMER).startSpan();
      Scope scope = Tracing.open(span);
      try {
        assertThat(Span.current()).isSameAs(span);
        logger.info("inside");
      } finally {
        scope.close();
        span.end();
      }
      logger.info("after");

      ILoggingEvent inside = appender.list.get(0);
      assertThat(inside.getMDCPropertyMap())
          .containsEntry("trace_id", span.getSpanContext().getTraceId())
          .containsEntry("span_id", span.getSpanContext().getSpanId());
      ILoggingEvent after = appender.list.get(1);
      assertThat(after.getMDCPropertyMap())
          .containsEntry("trace_id", "outer")
          .doesNotContainKey("span_id");
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
    } finally {
      MDC.clear();
      logger.detachAppender(appender);
    }
  }

  @Test
  void anInvalidSpanLeavesTheMdcAlone() {
    Scope scope = Tracing.open(Span.getInvalid());
    assertThat(MDC.get(Tracing.TRACE_ID)).isNull();
    scope.close();
    assertThat(Tracing.noop().extract(new RecordHeaders())).isSameAs(Context.root());
  }

  private static SpanData finished(String name) {
    return OTEL.getSpans().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }
}
