package io.fetchq.api.ratelimit.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.ratelimit.domain.BucketPair;
import io.fetchq.api.ratelimit.domain.LimitScope;
import io.fetchq.api.ratelimit.domain.TakeResult;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * {@code take.lua} against the local Redis (keys under a prefix unique to this run): it agrees with
 * the Java model, takes from both buckets or neither even under 64 concurrent callers, expires idle
 * buckets, and survives a script cache that does not know it (NOSCRIPT).
 */
class RedisBucketStoreIT {

  private static final RateLimit GLOBAL = new RateLimit(10_000, 20_000);
  private static RedissonClient redisson;
  private static String prefix;
  private final List<Integer> calls = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void connect() {
    Config config = new Config();
    config.useSingleServer().setAddress("redis://127.0.0.1:6379");
    redisson = Redisson.create(config);
    prefix = "it:" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + ":";
  }

  @AfterAll
  static void cleanUp() {
    redisson.getKeys().deleteByPattern(prefix + "*");
    redisson.shutdown();
  }

  private RedisBucketStore store() {
    return new RedisBucketStore(redisson, prefix, Duration.ofSeconds(2), 2, 64, calls::add);
  }

  private static TenantId newTenant() {
    return new TenantId(UUID.randomUUID());
  }

  @Test
  void agreesWithTheJavaModel() {
    RedisBucketStore store = store();
    TenantId tenant = newTenant();
    RateLimit limit = new RateLimit(1, 5);
    BucketPair model = BucketPair.full(GLOBAL, limit, 0);
    int[] costs = {1, 2, 0, 1, 3, 1, 1, 6};
    store.take(newTenant(), limit, GLOBAL, 1); // connection, script cache and JIT warm
    long started = System.nanoTime();

    for (int cost : costs) {
      TakeResult redis = store.take(tenant, limit, GLOBAL, cost);
      BucketPair.Taken expected = model.take(GLOBAL, limit, cost, 0);
      model = expected.after();

      assertThat(redis.verdict()).as("cost %d", cost).isEqualTo(expected.result().verdict());
      assertThat(redis.limitedBy()).isEqualTo(expected.result().limitedBy());
      // Redis' clock moves on between calls, the model's does not: at 1 token/s Redis may hold
      // up to the elapsed seconds more (the sequence takes milliseconds).
      double drift = (System.nanoTime() - started) / 1e9 + 0.002;
      assertThat(redis.tenantTokens())
          .isBetween(expected.result().tenantTokens(), expected.result().tenantTokens() + drift);
      assertThat(redis.waitMicros())
          .isBetween(
              expected.result().waitMicros() - (long) (drift * 1e6),
              expected.result().waitMicros());
    }
  }

  @Test
  void refusesWithoutTakingFromEitherBucket() {
    RedisBucketStore store =
        new RedisBucketStore(redisson, prefix + "g2:", Duration.ofSeconds(2), 2, 64, calls::add);
    RateLimit tinyGlobal = new RateLimit(1, 2);
    TenantId first = newTenant();
    TenantId second = newTenant();
    assertThat(store.take(first, new RateLimit(1, 2), tinyGlobal, 2).verdict())
        .isEqualTo(TakeResult.Verdict.GRANTED);

    TakeResult refused = store.take(second, new RateLimit(5, 5), tinyGlobal, 1);

    assertThat(refused.verdict()).isEqualTo(TakeResult.Verdict.REFUSED);
    assertThat(refused.limitedBy()).isEqualTo(LimitScope.GLOBAL);
    assertThat(refused.tenantTokens()).isEqualTo(5);
    assertThat(redisson.getKeys().countExists(store.tenantKey(second))).isZero();
    TakeResult tooMuch = store.take(first, new RateLimit(1, 2), tinyGlobal, 3);
    assertThat(tooMuch.verdict()).isEqualTo(TakeResult.Verdict.EXCEEDS_CAPACITY);
    assertThat(tooMuch.limitedBy()).isEqualTo(LimitScope.TENANT);
  }

  @Test
  void keepsTokensAndTimeInAHashThatExpiresWhenFullAgain() {
    RedisBucketStore store = store();
    TenantId tenant = newTenant();

    store.take(tenant, new RateLimit(2, 10), GLOBAL, 4);

    Map<String, String> state =
        redisson.<String, String>getMap(store.tenantKey(tenant), StringCodec.INSTANCE).readAllMap();
    assertThat(state.keySet()).containsExactlyInAnyOrder("t", "u");
    assertThat(Double.parseDouble(state.get("t"))).isEqualTo(6);
    long ttl = redisson.getKeys().remainTimeToLive(store.tenantKey(tenant));
    // 4 missing tokens at 2/s: full after 2 s, plus 1 s of margin.
    assertThat(ttl).isBetween(2_500L, 3_000L);
    assertThat(redisson.getKeys().remainTimeToLive(store.globalKey())).isPositive();
  }

  @Test
  void takesTheRequestsOfOneCallInOrderEachSeeingTheOnesBefore() throws Exception {
    RedisBucketStore store = store();
    TenantId tenant = newTenant();
    TenantId other = newTenant();
    RateLimit two = new RateLimit(1, 2);

    List<TakeResult> results =
        store
            .takeAll(
                List.of(
                    store.request(tenant, two, GLOBAL, 1),
                    store.request(tenant, two, GLOBAL, 1),
                    store.request(tenant, two, GLOBAL, 1),
                    store.request(other, two, GLOBAL, 2),
                    store.request(tenant, two, GLOBAL, 3),
                    store.request(tenant, two, GLOBAL, 0)))
            .toCompletableFuture()
            .get();

    assertThat(results)
        .extracting(TakeResult::verdict)
        .containsExactly(
            TakeResult.Verdict.GRANTED,
            TakeResult.Verdict.GRANTED,
            TakeResult.Verdict.REFUSED,
            TakeResult.Verdict.GRANTED,
            TakeResult.Verdict.EXCEEDS_CAPACITY,
            TakeResult.Verdict.GRANTED);
    // One script run, one clock reading: the third request finds the bucket exactly empty.
    assertThat(results)
        .extracting(TakeResult::tenantTokens)
        .containsExactly(1d, 0d, 0d, 0d, 0d, 0d);
    assertThat(results.get(2).limitedBy()).isEqualTo(LimitScope.TENANT);
    assertThat(results.get(2).waitMicros()).isEqualTo(1_000_000);
  }

  @Test
  void loadsTheScriptWhenRedisDoesNotKnowIt() {
    String unseen = RedisBucketStore.loadScript() + "\n-- " + UUID.randomUUID() + "\n";
    RedisBucketStore store =
        new RedisBucketStore(redisson, prefix, Duration.ofSeconds(2), 2, 64, calls::add, unseen);
    assertThat(redisson.getScript().scriptExists(RedisBucketStore.sha1(unseen)))
        .containsExactly(false);

    TakeResult result = store.take(newTenant(), new RateLimit(1, 3), GLOBAL, 1);

    assertThat(result.verdict()).isEqualTo(TakeResult.Verdict.GRANTED);
    assertThat(result.tenantTokens()).isEqualTo(2);
  }

  @Test
  void grantsExactlyTheBurstToSixtyFourConcurrentCallers() throws Exception {
    RedisBucketStore store = store();
    TenantId tenant = newTenant();
    RateLimit limit = new RateLimit(1, 100);
    long started = System.nanoTime();
    List<Future<TakeResult>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(64)) {
      for (int i = 0; i < 300; i++) {
        results.add(pool.submit(() -> store.take(tenant, limit, GLOBAL, 1)));
      }
    }
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    long granted = 0;
    for (Future<TakeResult> result : results) {
      if (result.get().verdict() == TakeResult.Verdict.GRANTED) {
        granted++;
      }
    }

    // The burst, plus what the 1/s refill added while the calls ran.
    assertThat(granted).isBetween(100L, 100L + seconds + 1);
    // Every request went in exactly one script call.
    assertThat(calls.stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
  }
}
