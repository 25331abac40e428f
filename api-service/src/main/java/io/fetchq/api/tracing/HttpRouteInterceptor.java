package io.fetchq.api.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerRouteSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Gives the request's SERVER span its {@code http.route} from the pattern Spring MVC has just
 * matched, before the handler runs.
 *
 * <p>The OpenTelemetry starter's Spring MVC filter otherwise finds the route itself when the
 * request ends, by asking every handler mapping again: a second handler lookup per request, next to
 * the dispatcher's own. The filter reports it as the {@link HttpServerRouteSource#CONTROLLER
 * controller's} route, and that source keeps the first route it is given, so with the route set
 * here the filter's lookup never runs. Requests that reach no handler (refused before the
 * dispatcher, or no mapping) keep the filter's behaviour.
 */
public final class HttpRouteInterceptor implements HandlerInterceptor {

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)
        instanceof String pattern) {
      HttpServerRoute.update(
          Context.current(), HttpServerRouteSource.CONTROLLER, request.getContextPath() + pattern);
    }
    return true;
  }
}
