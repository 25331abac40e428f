package io.fetchq.api.health;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.PlainOptions;
import org.redisson.client.codec.StringCodec;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * Whether Redis answers one command ({@code EXISTS} on a key of its own, valid on a single server,
 * sentinel or cluster) within a short timeout and without retries. An unreachable Redis is reported
 * as {@code whenUnreachable} with the error's type, never an exception. The rate limiter's own view
 * ({@code redis} or {@code local-fallback}, which only changes as requests arrive) is added as the
 * detail {@code rateLimiter}.
 */
public final class RedisHealth implements Supplier<Health> {

  private final RedissonClient redisson;
  private final String probeKey;
  private final Duration timeout;
  private final Status whenUnreachable;
  private final Supplier<String> rateLimiterMode;

  /**
   * @param redisson the client
   * @param probeKey the key asked about (never written)
   * @param timeout how long one check may take
   * @param whenUnreachable the status reported when Redis does not answer
   * @param rateLimiterMode the rate limiter's current store, shown as a detail
   */
  public RedisHealth(
      RedissonClient redisson,
      String probeKey,
      Duration timeout,
      Status whenUnreachable,
      Supplier<String> rateLimiterMode) {
    this.redisson = Objects.requireNonNull(redisson, "redisson");
    this.probeKey = Objects.requireNonNull(probeKey, "probeKey");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.whenUnreachable = Objects.requireNonNull(whenUnreachable, "whenUnreachable");
    this.rateLimiterMode = Objects.requireNonNull(rateLimiterMode, "rateLimiterMode");
  }

  @Override
  public Health get() {
    try {
      redisson
          .getBucket(
              PlainOptions.name(probeKey)
                  .codec(StringCodec.INSTANCE)
                  .timeout(timeout)
                  .retryAttempts(0))
          .isExists();
      return Health.up().withDetail("rateLimiter", rateLimiterMode.get()).build();
    } catch (RuntimeException e) {
      return Health.status(whenUnreachable)
          // the class only: Redisson's messages may quote the server address, credentials included
          .withDetail("error", e.getClass().getSimpleName())
          .withDetail("timeoutMs", timeout.toMillis())
          .withDetail("rateLimiter", rateLimiterMode.get())
          .build();
    }
  }
}
