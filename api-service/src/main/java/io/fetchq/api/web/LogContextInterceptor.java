package io.fetchq.api.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Puts the job or batch a request is about ({@code /api/v1/jobs/{id}...}, {@code
 * /api/v1/batches/{id}...}) in the MDC while its handler runs, and removes it when the request
 * completes or goes asynchronous (an event stream), so a pooled thread never carries it over.
 */
public final class LogContextInterceptor implements AsyncHandlerInterceptor {

  private static final String JOBS = "/api/v1/jobs/{id}";
  private static final String BATCHES = "/api/v1/batches/{id}";

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    String key = keyOf(request);
    if (key != null
        && request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)
            instanceof Map<?, ?> variables
        && variables.get("id") instanceof String id) {
      MDC.put(key, id);
    }
    return true;
  }

  @Override
  public void afterCompletion(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    clear();
  }

  @Override
  public void afterConcurrentHandlingStarted(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    clear();
  }

  private static String keyOf(HttpServletRequest request) {
    if (!(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)
        instanceof String pattern)) {
      return null;
    }
    if (pattern.startsWith(JOBS)) {
      return LogContext.JOB_ID;
    }
    if (pattern.startsWith(BATCHES)) {
      return LogContext.BATCH_ID;
    }
    return null;
  }

  private static void clear() {
    MDC.remove(LogContext.JOB_ID);
    MDC.remove(LogContext.BATCH_ID);
  }
}
