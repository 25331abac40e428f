package io.fetchq.worker.fetch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HostBreakersTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration RECHECK = Duration.ofSeconds(1);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private HostBreakers breakers(int maxHosts) {
    return new HostBreakers(
        new HostBreakers.Settings(4, 50, 4, WAIT, 1, maxHosts, RECHECK), Clock.systemUTC(), meters);
  }

  private static void fail(CircuitBreaker breaker, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(breaker.tryAcquirePermission()).isTrue();
      breaker.onResult(1, TimeUnit.MILLISECONDS, true);
    }
  }

  private double gauge(String state) {
    return meters.get("fetchq.worker.breakers").tag("state", state).gauge().value();
  }

  @Test
  void keepsOneBreakerPerHost() {
    HostBreakers breakers = breakers(10);

    assertThat(breakers.forHost("a")).isSameAs(breakers.forHost("a"));
    assertThat(breakers.forHost("b")).isNotSameAs(breakers.forHost("a"));
    assertThat(breakers.size()).isEqualTo(2);
  }

  @Test
  void evictsTheLeastRecentlyUsedHostBeyondTheBound() {
    HostBreakers breakers = breakers(2);
    CircuitBreaker a = breakers.forHost("a");
    CircuitBreaker b = breakers.forHost("b");
    breakers.forHost("a");

    breakers.forHost("c");

    assertThat(breakers.size()).isEqualTo(2);
    assertThat(breakers.forHost("a")).as("recently used, kept").isSameAs(a);
    assertThat(breakers.forHost("b")).as("evicted, created anew").isNotSameAs(b);
    assertThat(breakers.size()).isEqualTo(2);
  }

  @Test
  void opensOnFailuresAndTellsWhenItHalfOpens() {
    HostBreakers breakers = breakers(10);
    CircuitBreaker bad = breakers.forHost("bad.example");
    CircuitBreaker good = breakers.forHost("good.example");
    Instant before = Instant.now();

    fail(bad, 4);

    assertThat(bad.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(bad.tryAcquirePermission()).isFalse();
    assertThat(good.tryAcquirePermission()).isTrue();
    assertThat(breakers.retryAt(bad))
        .isBetween(before.plus(WAIT), Instant.now().plus(WAIT).plusSeconds(1));
    assertThat(breakers.retryAt(good)).isBefore(Instant.now().plus(RECHECK).plusSeconds(1));
    HostBreakers.Snapshot snapshot = breakers.snapshot(20);
    assertThat(snapshot.openHosts()).containsExactly("bad.example");
    assertThat(snapshot.counts())
        .containsEntry(CircuitBreaker.State.OPEN, 1)
        .containsEntry(CircuitBreaker.State.CLOSED, 1)
        .containsEntry(CircuitBreaker.State.HALF_OPEN, 0);
    assertThat(gauge("open")).isEqualTo(1.0);
    assertThat(gauge("closed")).isEqualTo(1.0);
    assertThat(gauge("half_open")).isZero();
  }

  @Test
  void aHalfOpenBreakerWithoutPermitsIsRecheckedSoon() {
    HostBreakers breakers = breakers(10);
    CircuitBreaker breaker = breakers.forHost("h");
    fail(breaker, 4);
    breaker.transitionToHalfOpenState();
    assertThat(breaker.tryAcquirePermission()).isTrue();

    assertThat(breaker.tryAcquirePermission()).isFalse();
    Instant retry = breakers.retryAt(breaker);

    assertThat(retry).isBetween(Instant.now(), Instant.now().plus(RECHECK).plusSeconds(1));
    assertThat(breakers.snapshot(20).counts()).containsEntry(CircuitBreaker.State.HALF_OPEN, 1);
  }

  @Test
  void listsAtMostTheLimitOfOpenHostsSorted() {
    HostBreakers breakers = breakers(10);
    for (String host : new String[] {"c", "a", "b"}) {
      fail(breakers.forHost(host), 4);
    }

    assertThat(breakers.snapshot(2).openHosts()).containsExactly("a", "b");
  }

  @Test
  void rejectsANonPositiveHostBound() {
    assertThatThrownBy(() -> new HostBreakers.Settings(4, 50, 4, WAIT, 1, 0, RECHECK))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fixedClockGivesExactHalfOpenTimeOnlyWhenStillAhead() {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    HostBreakers breakers =
        new HostBreakers(
            new HostBreakers.Settings(4, 50, 4, WAIT, 1, 10, RECHECK),
            Clock.fixed(now, ZoneOffset.UTC),
            new SimpleMeterRegistry());
    CircuitBreaker breaker = breakers.forHost("h");
    fail(breaker, 4);

    // the breaker opened at the real time, long before the fixed clock: its wait is over
    assertThat(breakers.retryAt(breaker)).isEqualTo(now.plus(RECHECK));
  }
}
