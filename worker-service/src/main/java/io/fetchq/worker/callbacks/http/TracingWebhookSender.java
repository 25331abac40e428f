package io.fetchq.worker.callbacks.http;

import io.fetchq.worker.callbacks.domain.DeliveryResult;
import io.fetchq.worker.callbacks.domain.WebhookRequest;
import io.fetchq.worker.callbacks.usecase.WebhookSender;
import io.fetchq.worker.tracing.HttpSpans;
import io.fetchq.worker.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.Objects;

/**
 * A {@link WebhookSender} that wraps each POST in a CLIENT span ({@link HttpSpans}), a child of the
 * span current on the calling thread, and current (with its ids in the MDC) while the request runs
 * (the processing span of the callback record). The signature headers are never recorded.
 */
public final class TracingWebhookSender implements WebhookSender {

  private final WebhookSender delegate;
  private final HttpSpans spans;

  public TracingWebhookSender(WebhookSender delegate, HttpSpans spans) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.spans = Objects.requireNonNull(spans, "spans");
  }

  @Override
  public DeliveryResult send(WebhookRequest request) {
    Span span = spans.start("POST", request.url());
    Scope scope = Tracing.open(span);
    try {
      DeliveryResult result = delegate.send(request);
      switch (result) {
        case DeliveryResult.Answered answered -> HttpSpans.answered(span, answered.statusCode());
        case DeliveryResult.NoAnswer none -> HttpSpans.failed(span, none.error().wireName());
      }
      return result;
    } catch (RuntimeException e) {
      span.recordException(e);
      HttpSpans.failed(span, e.getClass().getName());
      throw e;
    } finally {
      scope.close();
      span.end();
    }
  }
}
