package io.fetchq.api.config;

import io.fetchq.api.tracing.TraceMdcFilter;
import io.fetchq.api.tracing.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Tracing: the API's {@link Tracing} on the OpenTelemetry SDK the starter configures, and the
 * filter that puts the request span's ids in the logging MDC (right after the starter's Spring MVC
 * filter, which starts the SERVER span at {@code HIGHEST_PRECEDENCE + 1}).
 */
@Configuration(proxyBeanMethods = false)
public class ApiTracingConfiguration {

  @Bean
  Tracing apiTracing(OpenTelemetry openTelemetry) {
    return new Tracing(openTelemetry);
  }

  @Bean
  FilterRegistrationBean<TraceMdcFilter> apiTraceMdcFilter() {
    FilterRegistrationBean<TraceMdcFilter> registration =
        new FilterRegistrationBean<>(new TraceMdcFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
    return registration;
  }
}
