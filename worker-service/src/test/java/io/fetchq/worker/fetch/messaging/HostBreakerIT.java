package io.fetchq.worker.fetch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.worker.PolitenessIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * A host that keeps answering 503 trips its breaker; its later jobs are deferred without spending
 * an attempt while another host's jobs complete. The failing host is {@code localhost} and the
 * healthy one {@code 127.0.0.1}: the same target, two hosts for the worker.
 */
class HostBreakerIT extends PolitenessIntegrationTest {

  private static final String RUN = UUID.randomUUID().toString();

  @Autowired private MeterRegistry meters;

  @Autowired
  @Qualifier("workerBreakers") private HealthIndicator breakerHealth;

  private static String failingUrl(int i) {
    return TARGET.url("/fail-times/1000/" + RUN + "-" + i).replace("127.0.0.1", "localhost");
  }

  private static long failingHits() {
    return TARGET.requests().stream().filter(r -> r.path().contains(RUN)).count();
  }

  private double deferrals() {
    var counter = meters.find("fetchq.worker.deferrals").tag("reason", "breaker_open").counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void anOpenBreakerDefersItsHostsJobsWithoutSpendingAttemptsWhileOtherHostsFlow()
      throws Exception {
    // 10 failures (minimum calls 10, all failing) open localhost's breaker
    List<UUID> tripping = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tripping.add(insert(NewJob.get(failingUrl(i)).withRetry(1, 100)));
    }
    publish(tripping.stream().map(Publish::of).toArray(Publish[]::new));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> tripping.stream().allMatch(id -> "failed".equals(status(id))));
    // an outcome is durable before the loop feeds the breaker: wait for the breaker itself
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                List.of("localhost").equals(breakerHealth.health().getDetails().get("openHosts")));
    assertThat(failingHits()).isEqualTo(10);
    double deferredBefore = deferrals();

    List<UUID> deferred = new ArrayList<>();
    for (int i = 10; i < 15; i++) {
      deferred.add(insert(NewJob.get(failingUrl(i)).withRetry(3, 100)));
    }
    List<UUID> healthy = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      healthy.add(insert(NewJob.get(TARGET.url("/ok?breaker=" + RUN + i))));
    }
    List<Publish> records = new ArrayList<>();
    deferred.forEach(id -> records.add(Publish.of(id)));
    healthy.forEach(id -> records.add(Publish.of(id)));
    publish(records.toArray(Publish[]::new));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> healthy.stream().allMatch(id -> "completed".equals(status(id))));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(deferred)
                    .allSatisfy(
                        id ->
                            assertThat(job(id))
                                .containsEntry("status", "queued")
                                .extractingByKey("next_attempt_at")
                                .isNotNull()));
    for (UUID id : deferred) {
      assertThat(job(id).get("attempts")).as("no attempt spent").isEqualTo(0);
      assertThat(
              jdbc()
                  .queryForObject(
                      "SELECT count(*) FROM job_attempts WHERE job_id = ?", Integer.class, id))
          .isZero();
    }
    assertThat(failingHits()).as("nothing fetched while open").isEqualTo(10);
    assertThat(deferrals() - deferredBefore).isGreaterThanOrEqualTo(5);

    Health health = breakerHealth.health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("open", 1);
    assertThat(health.getDetails().get("openHosts")).isEqualTo(List.of("localhost"));
    assertThat(meters.get("fetchq.worker.breakers").tag("state", "open").gauge().value())
        .isEqualTo(1.0);
  }
}
