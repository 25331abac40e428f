package io.fetchq.api.config;

import io.fetchq.api.metrics.MicrometerApiMetrics;
import io.fetchq.api.web.SubmissionMetricsFilter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's own meters: submissions, job and replay counters, the submit latency histogram. */
@Configuration(proxyBeanMethods = false)
public class ApiMetricsConfiguration {

  /**
   * Buckets of {@code http.server.requests}; they contain the submit-latency alert threshold (p99
   * of {@code POST /api/v1/jobs} at most 500 ms) so that {@code histogram_quantile} is exact there.
   */
  static final Duration[] SUBMIT_BUCKETS = {
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2_500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  @Bean
  MicrometerApiMetrics apiMetrics(MeterRegistry meters) {
    return new MicrometerApiMetrics(meters);
  }

  /** Outermost, before the size limit and Spring Security, so their refusals are counted too. */
  @Bean
  FilterRegistrationBean<SubmissionMetricsFilter> apiSubmissionMetricsFilter(MeterRegistry meters) {
    FilterRegistrationBean<SubmissionMetricsFilter> registration =
        new FilterRegistrationBean<>(new SubmissionMetricsFilter(meters));
    registration.setName("apiSubmissionMetricsFilter");
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 20);
    return registration;
  }

  /**
   * Histogram buckets ({@code _bucket} series) for {@code http.server.requests}. They cannot be
   * limited to the submission routes: Prometheus exposes one metric family per name as either a
   * histogram or a summary, and a family mixing both fails the whole scrape. The series stay
   * bounded: {@code uri} is the route template, so about ten buckets per route and status.
   */
  @Bean
  MeterFilter apiSubmitLatencyBuckets() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (!"http.server.requests".equals(id.getName())) {
          return config;
        }
        // a timer's objectives are in nanoseconds
        double[] nanos = new double[SUBMIT_BUCKETS.length];
        for (int i = 0; i < nanos.length; i++) {
          nanos[i] = SUBMIT_BUCKETS[i].toNanos();
        }
        return DistributionStatisticConfig.builder()
            .serviceLevelObjectives(nanos)
            .percentilesHistogram(false)
            .build()
            .merge(config);
      }
    };
  }
}
