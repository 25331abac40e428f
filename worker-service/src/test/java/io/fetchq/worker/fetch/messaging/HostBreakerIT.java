package io.fetchq.worker.fetch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fetchq.worker.PolitenessIntegrationTest;
import io.micrometer.core.instrument.Counter;
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
 * A host that keeps answering 503 trips its breaker; while it is open the host's later jobs are
 * handed back unclaimed (no attempt spent, nothing fetched) and another host's jobs complete; once
 * the breaker half-opens, trial calls succeed, it closes and the deferred jobs complete with one
 * attempt each. The failing host is {@code localhost} and the healthy one {@code 127.0.0.1}: the
 * same target, two hosts for the worker.
 */
class HostBreakerIT extends PolitenessIntegrationTest {

  private static final String RUN = UUID.randomUUID().toString();

  @Autowired private MeterRegistry meters;

  @Autowired
  @Qualifier("workerBreakers") private HealthIndicator breakerHealth;

  private static String onLocalhost(String path) {
    return TARGET.url(path).replace("127.0.0.1", "localhost");
  }

  private static long hits(String prefix) {
    return TARGET.requests().stream().filter(r -> r.path().startsWith(prefix)).count();
  }

  private double breakerDeferrals() {
    Counter counter =
        meters.find("fetchq.worker.deferrals").tag("reason", "breaker_open").counter();
    return counter == null ? 0 : counter.count();
  }

  private Object openHosts() {
    return breakerHealth.health().getDetails().get("openHosts");
  }

  private boolean all(List<UUID> ids, String status) {
    return ids.stream().allMatch(id -> status.equals(status(id)));
  }

  @Test
  void anOpenBreakerDefersItsHostsJobsWithoutSpendingAttemptsUntilItHalfOpens() throws Exception {
    // 10 failures (minimum calls 10, all failing) open localhost's breaker
    List<UUID> tripping = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tripping.add(
          insert(NewJob.get(onLocalhost("/status/503/" + RUN + "-trip-" + i)).withRetry(1, 100)));
    }
    publish(tripping.stream().map(Publish::of).toArray(Publish[]::new));
    await().atMost(Duration.ofSeconds(30)).until(() -> all(tripping, "failed"));
    // an outcome is durable before the loop feeds the breaker: wait for the breaker itself
    await().atMost(Duration.ofSeconds(10)).until(() -> List.of("localhost").equals(openHosts()));
    assertThat(hits("/status/503/" + RUN)).isEqualTo(10);
    double deferredBefore = breakerDeferrals();

    String laterPrefix = "/ok/" + RUN + "-later-";
    List<UUID> later = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      later.add(insert(NewJob.get(onLocalhost(laterPrefix + i)).withRetry(3, 100)));
    }
    List<UUID> healthy = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      healthy.add(insert(NewJob.get(TARGET.url("/ok/" + RUN + "-healthy-" + i))));
    }
    List<Publish> records = new ArrayList<>();
    later.forEach(id -> records.add(Publish.of(id)));
    healthy.forEach(id -> records.add(Publish.of(id)));
    publish(records.toArray(Publish[]::new));

    await().atMost(Duration.ofSeconds(5)).until(() -> all(healthy, "completed"));
    await().atMost(Duration.ofSeconds(5)).until(() -> breakerDeferrals() - deferredBefore >= 5);
    long hitsWhileOpen = hits(laterPrefix);
    List<Integer> attemptsWhileOpen =
        later.stream().map(id -> (Integer) job(id).get("attempts")).toList();
    assertThat(openHosts())
        .as("the breaker is still open (opened %s ago at most)", WAIT_IN_OPEN)
        .isEqualTo(List.of("localhost"));
    assertThat(hitsWhileOpen).as("nothing fetched from an open host").isZero();
    assertThat(attemptsWhileOpen).as("deferrals spend no attempt").containsOnly(0);
    assertThat(later).allSatisfy(id -> assertThat(status(id)).isEqualTo("queued"));
    Health open = breakerHealth.health();
    assertThat(open.getStatus()).isEqualTo(Status.UP);
    assertThat(open.getDetails()).containsEntry("open", 1);
    assertThat(meters.get("fetchq.worker.breakers").tag("state", "open").gauge().value())
        .isEqualTo(1.0);

    // after the open state, trial calls succeed and the breaker closes
    await().atMost(Duration.ofSeconds(40)).until(() -> all(later, "completed"));
    for (UUID id : later) {
      assertThat(job(id).get("attempts")).as("one attempt each").isEqualTo(1);
      assertThat(
              jdbc()
                  .queryForObject(
                      "SELECT count(*) FROM job_attempts WHERE job_id = ?", Integer.class, id))
          .isEqualTo(1);
    }
    assertThat(hits(laterPrefix)).isEqualTo(5);
    await().atMost(Duration.ofSeconds(5)).until(() -> List.of().equals(openHosts()));
    assertThat(breakerHealth.health().getDetails()).containsEntry("open", 0);
  }
}
