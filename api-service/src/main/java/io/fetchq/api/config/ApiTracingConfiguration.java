package io.fetchq.api.config;

import io.fetchq.api.tracing.HttpRouteInterceptor;
import io.fetchq.api.tracing.TraceMdcFilter;
import io.fetchq.api.tracing.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Tracing: the API's {@link Tracing} on the OpenTelemetry SDK the starter configures, and the
 * filter that puts the request span's ids in the logging MDC (right after the starter's Spring MVC
 * filter, which starts the SERVER span at {@code HIGHEST_PRECEDENCE + 1}), and the span's route
 * from the pattern the dispatcher matched ({@link HttpRouteInterceptor}).
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

  /** The SERVER span's route without a second handler lookup per request. */
  @Bean
  WebMvcConfigurer apiHttpRoute() {
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HttpRouteInterceptor());
      }
    };
  }
}
