package io.fetchq.worker.fetch.http;

import io.fetchq.worker.fetch.domain.FetchError;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.FetchResult;
import io.fetchq.worker.fetch.usecase.Fetcher;
import io.fetchq.worker.tracing.HttpSpans;
import io.fetchq.worker.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link Fetcher} that wraps each fetch in a CLIENT span ({@link HttpSpans}: method, URL without
 * query, host, port, status or error type; never a header), a child of the span current on the
 * calling thread, and current (with its ids in the MDC) while the request runs (the processing span
 * of the job record). Redirects followed by the fetcher are part of the one span.
 */
public final class TracingFetcher implements Fetcher {

  private final Fetcher delegate;
  private final HttpSpans spans;

  public TracingFetcher(Fetcher delegate, HttpSpans spans) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.spans = Objects.requireNonNull(spans, "spans");
  }

  @Override
  public FetchResult fetch(FetchRequest request) {
    Span span = spans.start(request.method(), request.url());
    Scope scope = Tracing.open(span);
    try {
      FetchResult result = delegate.fetch(request);
      switch (result) {
        case FetchResponse response -> HttpSpans.answered(span, response.statusCode());
        case FetchError error ->
            HttpSpans.failed(span, error.type().name().toLowerCase(Locale.ROOT));
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
