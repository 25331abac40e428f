package io.fetchq.worker.fetch.messaging;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Resilience4j circuit breaker per target host, at most {@code maxHosts} of them: the least
 * recently used host's breaker is evicted (and removed from the registry) when a new host comes.
 * {@link #forHost} is called by the consumer loop's thread only; the breakers themselves, {@link
 * #snapshot} and the {@code fetchq.worker.breakers{state}} gauges are safe from any thread.
 */
public final class HostBreakers {

  private static final Logger log = LoggerFactory.getLogger(HostBreakers.class);

  /** The states reported in metrics and health. */
  static final List<CircuitBreaker.State> REPORTED =
      List.of(
          CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);

  /**
   * Breaker tuning.
   *
   * @param slidingWindowSize calls in the count-based sliding window
   * @param failureRateThreshold failure percentage that opens the breaker
   * @param minimumCalls calls needed before the failure rate counts
   * @param waitInOpen how long an open breaker refuses calls before half-opening
   * @param halfOpenCalls trial calls permitted while half-open
   * @param maxHosts most hosts tracked at once
   * @param recheck how far a job refused by a half-open breaker is deferred
   */
  public record Settings(
      int slidingWindowSize,
      float failureRateThreshold,
      int minimumCalls,
      Duration waitInOpen,
      int halfOpenCalls,
      int maxHosts,
      Duration recheck) {

    public Settings {
      Objects.requireNonNull(waitInOpen, "waitInOpen");
      Objects.requireNonNull(recheck, "recheck");
      if (maxHosts < 1) {
        throw new IllegalArgumentException("maxHosts must be >= 1");
      }
    }
  }

  /**
   * Breaker states at one moment.
   *
   * @param counts breakers per state
   * @param openHosts up to {@code limit} hosts whose breaker is open, sorted
   */
  public record Snapshot(Map<CircuitBreaker.State, Integer> counts, List<String> openHosts) {}

  private final CircuitBreakerRegistry registry;
  private final Settings settings;
  private final Clock clock;
  private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();
  private final LinkedHashMap<String, CircuitBreaker> lru;

  public HostBreakers(Settings settings, Clock clock, MeterRegistry meters) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.registry =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .failureRateThreshold(settings.failureRateThreshold())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(settings.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .recordResult(Boolean.TRUE::equals)
                .build());
    this.lru =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, CircuitBreaker> eldest) {
            if (size() <= settings.maxHosts()) {
              return false;
            }
            registry.remove(eldest.getKey());
            openedAt.remove(eldest.getKey());
            return true;
          }
        };
    for (CircuitBreaker.State state : REPORTED) {
      Gauge.builder("fetchq.worker.breakers", this, b -> b.count(state))
          .description("Per-host circuit breakers by state")
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .register(meters);
    }
  }

  /** The breaker of {@code host}, created when new (loop thread only). */
  public CircuitBreaker forHost(String host) {
    CircuitBreaker breaker = lru.get(host);
    if (breaker == null) {
      breaker = registry.circuitBreaker(host);
      breaker
          .getEventPublisher()
          .onStateTransition(
              e -> {
                log.info(
                    "host circuit breaker changed host={} transition={}",
                    e.getCircuitBreakerName(),
                    e.getStateTransition());
                if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                  openedAt.put(e.getCircuitBreakerName(), e.getCreationTime().toInstant());
                }
              });
      lru.put(host, breaker);
    }
    return breaker;
  }

  /** When a call refused by {@code breaker} now should be tried again. */
  public Instant retryAt(CircuitBreaker breaker) {
    Instant now = clock.instant();
    if (breaker.getState() == CircuitBreaker.State.OPEN) {
      Instant opened = openedAt.get(breaker.getName());
      if (opened != null) {
        Instant halfOpens = opened.plus(settings.waitInOpen());
        if (halfOpens.isAfter(now)) {
          return halfOpens;
        }
      }
    }
    return now.plus(settings.recheck());
  }

  /** Hosts tracked now. */
  public int size() {
    return registry.getAllCircuitBreakers().size();
  }

  int count(CircuitBreaker.State state) {
    int n = 0;
    for (CircuitBreaker breaker : registry.getAllCircuitBreakers()) {
      if (breaker.getState() == state) {
        n++;
      }
    }
    return n;
  }

  /** Counts per state and up to {@code limit} open hosts. */
  public Snapshot snapshot(int limit) {
    Map<CircuitBreaker.State, Integer> counts = new EnumMap<>(CircuitBreaker.State.class);
    REPORTED.forEach(s -> counts.put(s, 0));
    List<CircuitBreaker> all = List.copyOf(registry.getAllCircuitBreakers());
    for (CircuitBreaker breaker : all) {
      counts.merge(breaker.getState(), 1, Integer::sum);
    }
    List<String> open =
        all.stream()
            .filter(b -> b.getState() == CircuitBreaker.State.OPEN)
            .map(CircuitBreaker::getName)
            .sorted()
            .limit(limit)
            .toList();
    return new Snapshot(counts, open);
  }
}
