package io.fetchq.worker.fetch.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.kernel.jobs.RetryPolicy;
import io.fetchq.worker.fetch.domain.AttemptTiming;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.TenantId;
import io.fetchq.worker.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TracingOutcomeRecorderTest {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private final Tracing tracing = new Tracing(OTEL.getOpenTelemetry());

  private static FetchOutcome outcome() {
    ClaimedJob job =
        new ClaimedJob(
            new JobId(UUID.randomUUID()),
            new TenantId(UUID.randomUUID()),
            0,
            1,
            new FetchRequest(
                "GET",
                URI.create("https://example.org/"),
                Map.of(),
                null,
                Duration.ofSeconds(1),
                true),
            new RetryPolicy(2, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1)),
            Instant.parse("2026-12-04T09:59:00Z"));
    Instant now = Instant.parse("2026-12-04T10:00:00Z");
    return FetchOutcome.decide(
        job,
        new FetchResponse(200, Map.of(), new byte[0], false, 0L, 5),
        new AttemptTiming(null, now, now),
        0.5);
  }

  @Test
  void theSpanIsAChildOfTheCurrentOneAndEndsWhenTheOutcomeIsDurable() {
    CompletableFuture<Boolean> durable = new CompletableFuture<>();
    TracingOutcomeRecorder recorder = new TracingOutcomeRecorder(o -> durable, tracing);
    FetchOutcome outcome = outcome();
    Span parent = tracing.span("process", SpanKind.CONSUMER).startSpan();
    CompletableFuture<Boolean> recorded;
    Scope scope = parent.makeCurrent();
    try {
      recorded = recorder.record(outcome);
    } finally {
      scope.close();
    }
    parent.end();
    assertThat(OTEL.getSpans()).extracting(SpanData::getName).containsExactly("process");

    durable.complete(true);

    assertThat(recorded).isCompletedWithValue(true);
    SpanData span =
        OTEL.getSpans().stream()
            .filter(s -> s.getName().equals("record outcome"))
            .findFirst()
            .orElseThrow();
    assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(span.getAttributes().get(Tracing.JOB_ID))
        .isEqualTo(outcome.attempt().jobId().toString());
    assertThat(span.getAttributes().get(TracingOutcomeRecorder.OUTCOME)).isEqualTo("completed");
    assertThat(span.getAttributes().get(TracingOutcomeRecorder.APPLIED)).isTrue();
  }

  @Test
  void aFailedRecordingMarksTheSpan() {
    TracingOutcomeRecorder failing =
        new TracingOutcomeRecorder(
            o -> CompletableFuture.failedFuture(new IllegalStateException("closing")), tracing);
    assertThat(failing.record(outcome())).isCompletedExceptionally();
    TracingOutcomeRecorder throwing =
        new TracingOutcomeRecorder(
            o -> {
              throw new IllegalStateException("closed");
            },
            tracing);
    assertThatThrownBy(() -> throwing.record(outcome())).isInstanceOf(IllegalStateException.class);

    assertThat(OTEL.getSpans())
        .hasSize(2)
        .allSatisfy(s -> assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
  }
}
