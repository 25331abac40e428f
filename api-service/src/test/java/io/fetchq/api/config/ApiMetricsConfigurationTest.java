package io.fetchq.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ApiMetricsConfigurationTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  ApiMetricsConfigurationTest() {
    meters.config().meterFilter(new ApiMetricsConfiguration().apiSubmitLatencyBuckets());
  }

  private Timer request(String method, String uri) {
    return Timer.builder("http.server.requests")
        .tag("method", method)
        .tag("uri", uri)
        .tag("status", "202")
        .register(meters);
  }

  @Test
  void submissionsGetTheSloBucketsIncludingTheAlertThreshold() {
    Timer jobs = request("POST", "/api/v1/jobs");
    jobs.record(Duration.ofMillis(300));

    CountAtBucket[] buckets = jobs.takeSnapshot().histogramCounts();
    assertThat(Arrays.stream(buckets).map(b -> Duration.ofNanos((long) b.bucket())))
        .containsExactly(ApiMetricsConfiguration.SUBMIT_BUCKETS)
        .contains(Duration.ofMillis(500));
    assertThat(request("POST", "/api/v1/batches").takeSnapshot().histogramCounts())
        .hasSameSizeAs(ApiMetricsConfiguration.SUBMIT_BUCKETS);
  }

  @Test
  void everyRouteHasTheSameBucketsAndOtherTimersNone() {
    // one Prometheus family is either a histogram or a summary: all routes alike
    assertThat(request("GET", "/api/v1/jobs").takeSnapshot().histogramCounts())
        .hasSameSizeAs(ApiMetricsConfiguration.SUBMIT_BUCKETS);
    assertThat(
            Timer.builder("fetchq.other")
                .tag("method", "POST")
                .tag("uri", "/api/v1/jobs")
                .register(meters)
                .takeSnapshot()
                .histogramCounts())
        .isEmpty();
  }
}
