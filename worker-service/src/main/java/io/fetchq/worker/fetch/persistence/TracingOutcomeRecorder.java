package io.fetchq.worker.fetch.persistence;

import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.usecase.OutcomeRecorder;
import io.fetchq.worker.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link OutcomeRecorder} that gives each job's result persistence a span, a child of the span
 * current on the calling thread, from the hand-over to the batching writer until the outcome is
 * durable: it covers the wait for the batch as well as its transaction (many jobs share one
 * transaction; a span per job keeps each job's trace complete without links fanning in).
 */
public final class TracingOutcomeRecorder implements OutcomeRecorder {

  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("fetchq.outcome");
  static final AttributeKey<Boolean> APPLIED = AttributeKey.booleanKey("fetchq.outcome.applied");

  private final OutcomeRecorder delegate;
  private final Tracing tracing;

  public TracingOutcomeRecorder(OutcomeRecorder delegate, Tracing tracing) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.tracing = Objects.requireNonNull(tracing, "tracing");
  }

  @Override
  public CompletableFuture<Boolean> record(FetchOutcome outcome) {
    Span span =
        tracing
            .span("record outcome", SpanKind.INTERNAL)
            .setAttribute(Tracing.JOB_ID, outcome.attempt().jobId().toString())
            .setAttribute(OUTCOME, outcome.status().wireName())
            .startSpan();
    CompletableFuture<Boolean> recorded;
    try {
      recorded = delegate.record(outcome);
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      span.end();
      throw e;
    }
    return recorded.whenComplete(
        (applied, failure) -> {
          if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
          } else {
            span.setAttribute(APPLIED, applied);
          }
          span.end();
        });
  }
}
