package io.fetchq.api.tracing;

import io.opentelemetry.api.trace.Span;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the ids of the request's SERVER span (started by the OpenTelemetry starter's Spring MVC
 * filter, which runs before this one) in the logging MDC for the rest of the request, so every log
 * line written while handling it carries {@code trace_id} and {@code span_id}.
 */
public final class TraceMdcFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Runnable restore = Tracing.putIds(Span.current().getSpanContext());
    try {
      chain.doFilter(request, response);
    } finally {
      restore.run();
    }
  }
}
