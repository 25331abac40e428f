package io.fetchq.api.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.MDC;

/**
 * The API's spans and W3C trace context ({@code traceparent}, {@code tracestate}) as a string map:
 * the form in which it is stored with a job and in outbox rows, and sent as Kafka record headers.
 */
public final class Tracing {

  /** The W3C header holding the trace and parent span ids. */
  public static final String TRACEPARENT = "traceparent";

  /** The W3C header holding vendor trace state. */
  public static final String TRACESTATE = "tracestate";

  /** The MDC key of the current trace id (the OpenTelemetry logback convention). */
  public static final String TRACE_ID = "trace_id";

  /** The MDC key of the current span id. */
  public static final String SPAN_ID = "span_id";

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  public Tracing(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    this.tracer = openTelemetry.getTracer("io.fetchq.api");
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
  }

  /** A tracing that records and propagates nothing (tests, tools). */
  public static Tracing noop() {
    return new Tracing(OpenTelemetry.noop());
  }

  /** Starts building a span of this service. */
  public SpanBuilder span(String name, SpanKind kind) {
    return tracer.spanBuilder(name).setSpanKind(kind);
  }

  /**
   * The current context as headers: {@code traceparent} (and {@code tracestate} when set), or an
   * empty map when no span is current.
   */
  public Map<String, String> currentHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    if (Span.current().getSpanContext().isValid()) {
      propagator.inject(Context.current(), headers, Map::put);
    }
    return headers;
  }

  /** Writes {@code context} into {@code headers}, replacing any trace context there. */
  public void inject(Context context, Map<String, String> headers) {
    headers.remove(TRACEPARENT);
    headers.remove(TRACESTATE);
    propagator.inject(context, headers, Map::put);
  }

  /** The context {@code headers} carry; {@link Context#root()} when none. */
  public Context extract(Map<String, String> headers) {
    return propagator.extract(Context.root(), headers, GETTER);
  }

  /**
   * Puts the ids of {@code context} in the MDC.
   *
   * @return restores the MDC's previous ids
   */
  static Runnable putIds(SpanContext context) {
    if (!context.isValid()) {
      return () -> {};
    }
    String previousTrace = MDC.get(TRACE_ID);
    String previousSpan = MDC.get(SPAN_ID);
    MDC.put(TRACE_ID, context.getTraceId());
    MDC.put(SPAN_ID, context.getSpanId());
    return () -> {
      restore(TRACE_ID, previousTrace);
      restore(SPAN_ID, previousSpan);
    };
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, previous);
    }
  }
}
