package io.fetchq.api.config;

import io.fetchq.api.metrics.MicrometerApiMetrics;
import io.fetchq.api.web.SubmissionMetricsFilter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's own meters: submissions, job and replay counters, the submit latency histogram. */
@Configuration(proxyBeanMethods = false)
public class ApiMetricsConfiguration {

  /** The submission endpoints whose latency is an SLO (p99 at most 500 ms). */
  static final Set<String> SUBMIT_URIS = Set.of("/api/v1/jobs", "/api/v1/batches");

  /**
   * Buckets of {@code http.server.requests} for the submission endpoints; they contain the alert
   * threshold (500 ms) so that {@code histogram_quantile} is exact there.
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
   * Histogram buckets ({@code _bucket} series) for {@code POST} on the submission endpoints only:
   * every other route keeps the plain count/sum/max timer, so the buckets add about ten series per
   * submission status instead of ten per route and status.
   */
  @Bean
  MeterFilter apiSubmitLatencyBuckets() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (!isSubmission(id)) {
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

  static boolean isSubmission(Meter.Id id) {
    return "http.server.requests".equals(id.getName())
        && "POST".equals(id.getTag("method"))
        && SUBMIT_URIS.contains(id.getTag("uri"));
  }
}
