package io.fetchq.worker.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.MDC;

/**
 * The worker's spans and their context across Kafka. A record's {@code traceparent} and {@code
 * tracestate} headers (W3C trace context) name the span that produced it; a consumer continues that
 * trace for the first attempt of a job and starts a new trace linked to it for later attempts
 * (retries due minutes or hours later, dead-letter replays), where a parent no longer makes sense.
 *
 * <p>Context never crosses threads implicitly: a loop captures the record's context on its thread
 * and the task's thread opens the span ({@link #open}), which also puts {@code trace_id} and {@code
 * span_id} in the logging MDC for the span's lifetime.
 */
public final class Tracing {

  /** The MDC key of the current trace id (the OpenTelemetry logback convention). */
  public static final String TRACE_ID = "trace_id";

  /** The MDC key of the current span id. */
  public static final String SPAN_ID = "span_id";

  public static final AttributeKey<String> MESSAGING_SYSTEM =
      AttributeKey.stringKey("messaging.system");
  public static final AttributeKey<String> MESSAGING_DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  public static final AttributeKey<String> MESSAGING_OPERATION =
      AttributeKey.stringKey("messaging.operation.type");
  public static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("fetchq.job.id");
  public static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("fetchq.event.id");
  public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("fetchq.attempt");
  public static final AttributeKey<Long> GENERATION = AttributeKey.longKey("fetchq.generation");

  private static final TextMapGetter<Headers> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
          List<String> keys = new ArrayList<>();
          for (Header header : carrier) {
            keys.add(header.key());
          }
          return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
          if (carrier == null) {
            return null;
          }
          Header header = carrier.lastHeader(key);
          return header == null || header.value() == null
              ? null
              : new String(header.value(), StandardCharsets.UTF_8);
        }
      };

  private static final TextMapSetter<Headers> SETTER =
      (carrier, key, value) -> {
        if (carrier != null) {
          carrier.remove(key);
          carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  public Tracing(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    this.tracer = openTelemetry.getTracer("io.fetchq.worker");
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
  }

  /** A tracing that records nothing (tests, tools). */
  public static Tracing noop() {
    return new Tracing(OpenTelemetry.noop());
  }

  /** Starts building a span of this service. */
  public SpanBuilder span(String name, SpanKind kind) {
    return tracer.spanBuilder(name).setSpanKind(kind);
  }

  /**
   * The trace context a record's headers carry.
   *
   * @return the context, or {@link Context#root()} when the record carries none
   */
  public Context extract(Headers headers) {
    return propagator.extract(Context.root(), headers, GETTER);
  }

  /** Writes the current context into {@code headers}, replacing any trace context there. */
  public void injectCurrent(Headers headers) {
    propagator.inject(Context.current(), headers, SETTER);
  }

  /**
   * Starts the span of handling a message whose producer's context is {@code origin}: its child
   * when {@code continueTrace}, otherwise the root of a new trace with a link to {@code origin} (no
   * link when the record carried no context).
   */
  public Span startConsumer(String name, Context origin, boolean continueTrace) {
    SpanBuilder builder = span(name, SpanKind.CONSUMER);
    SpanContext producer = Span.fromContext(origin).getSpanContext();
    if (continueTrace) {
      builder.setParent(origin);
    } else {
      builder.setNoParent();
      if (producer.isValid()) {
        builder.addLink(producer);
      }
    }
    return builder.startSpan();
  }

  /**
   * Makes {@code span} current on the calling thread and puts its ids in the logging MDC; closing
   * the scope restores both. Does not end the span.
   */
  public static Scope open(Span span) {
    Scope scope = span.makeCurrent();
    SpanContext context = span.getSpanContext();
    if (!context.isValid()) {
      return scope;
    }
    String previousTrace = MDC.get(TRACE_ID);
    String previousSpan = MDC.get(SPAN_ID);
    MDC.put(TRACE_ID, context.getTraceId());
    MDC.put(SPAN_ID, context.getSpanId());
    return () -> {
      restore(TRACE_ID, previousTrace);
      restore(SPAN_ID, previousSpan);
      scope.close();
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
