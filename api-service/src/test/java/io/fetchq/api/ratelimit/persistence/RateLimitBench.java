package io.fetchq.api.ratelimit.persistence;

import com.sun.management.OperatingSystemMXBean;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.TenantId;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.redisson.Redisson;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;

/**
 * Not a test: measures the latency and CPU (this process's and Redis') of one limiter call against
 * the local Redis, with 1 and 64 concurrent callers, for {@code take.lua} (tenant + global bucket
 * in one EVALSHA; concurrent requests sharing calls, and one call per request) and for Redisson's
 * {@link RRateLimiter} (one bucket per call, so two calls per request for the same semantics
 * without atomicity). Run: {@code java -cp <test classpath>
 * io.fetchq.api.ratelimit.persistence.RateLimitBench [calls per caller]}.
 */
public final class RateLimitBench {

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private RateLimitBench() {}

  /** The CPU time Redis has used (its own {@code INFO cpu}), in seconds. */
  private static double redisCpuSeconds(RedissonClient redisson) {
    Map<String, String> cpu =
        redisson.getRedisNodes(RedisNodes.SINGLE).getInstance().info(RedisNode.InfoSection.CPU);
    return Double.parseDouble(cpu.get("used_cpu_sys"))
        + Double.parseDouble(cpu.get("used_cpu_user"));
  }

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    Config config = new Config();
    config.useSingleServer().setAddress("redis://127.0.0.1:6379").setConnectionPoolSize(64);
    RedissonClient redisson = Redisson.create(config);
    String prefix = "bench:" + UUID.randomUUID() + ":";
    try {
      RedisBucketStore store =
          new RedisBucketStore(redisson, prefix, Duration.ofSeconds(1), 2, 64, n -> {});
      RedisBucketStore oneInFlight =
          new RedisBucketStore(redisson, prefix, Duration.ofSeconds(1), 1, 64, n -> {});
      // 64 calls may be outstanding: with 64 callers, each request is a script call of its own
      RedisBucketStore uncoalesced =
          new RedisBucketStore(redisson, prefix, Duration.ofSeconds(1), 64, 1, n -> {});
      RateLimit high = new RateLimit(100_000, 1_000_000);
      TenantId[] tenants = new TenantId[64];
      for (int i = 0; i < tenants.length; i++) {
        tenants[i] = new TenantId(UUID.randomUUID());
      }
      RRateLimiter[] limiters = new RRateLimiter[64];
      for (int i = 0; i < limiters.length; i++) {
        limiters[i] = redisson.getRateLimiter(prefix + "rrl:" + i);
        limiters[i].trySetRate(RateType.OVERALL, 100_000, Duration.ofSeconds(1));
      }
      RRateLimiter global = redisson.getRateLimiter(prefix + "rrl:global");
      global.trySetRate(RateType.OVERALL, 1_000_000, Duration.ofSeconds(1));
      for (int round = 0; round < 2; round++) { // the first round warms up
        boolean report = round == 1;
        for (int callers : new int[] {1, 64}) {
          run(
              redisson,
              report,
              "take.lua, share calls, 2 in flight",
              callers,
              calls,
              c -> store.take(tenants[c], high, high, 1));
          run(
              redisson,
              report,
              "take.lua, share calls, 1 in flight",
              callers,
              calls,
              c -> oneInFlight.take(tenants[c], high, high, 1));
          run(
              redisson,
              report,
              "take.lua, one call per request",
              callers,
              calls,
              c -> uncoalesced.take(tenants[c], high, high, 1));
          run(
              redisson,
              report,
              "RRateLimiter.tryAcquire (1 bucket)",
              callers,
              calls,
              c -> limiters[c].tryAcquire(1));
          run(
              redisson,
              report,
              "RRateLimiter x2 (tenant, then global)",
              callers,
              calls,
              c -> {
                if (limiters[c].tryAcquire(1)) {
                  global.tryAcquire(1);
                }
              });
        }
      }
    } finally {
      redisson.getKeys().deleteByPattern(prefix + "*");
      redisson.shutdown();
    }
  }

  private static void run(
      RedissonClient redisson,
      boolean report,
      String name,
      int callers,
      int calls,
      IntConsumer call)
      throws Exception {
    int perCaller = Math.max(1, calls / callers);
    List<Future<long[]>> futures = new ArrayList<>();
    double redisCpu0 = redisCpuSeconds(redisson);
    long cpu0 = OS.getProcessCpuTime();
    long started = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
      for (int c = 0; c < callers; c++) {
        int caller = c;
        futures.add(
            pool.submit(
                () -> {
                  long[] nanos = new long[perCaller];
                  for (int i = 0; i < perCaller; i++) {
                    long t0 = System.nanoTime();
                    call.accept(caller);
                    nanos[i] = System.nanoTime() - t0;
                  }
                  return nanos;
                }));
      }
    }
    long elapsed = System.nanoTime() - started;
    long cpu = OS.getProcessCpuTime() - cpu0;
    double redisCpu = redisCpuSeconds(redisson) - redisCpu0;
    long[] all = new long[perCaller * callers];
    int n = 0;
    for (Future<long[]> f : futures) {
      long[] part = f.get();
      System.arraycopy(part, 0, all, n, part.length);
      n += part.length;
    }
    Arrays.sort(all);
    if (report) {
      System.out.printf(
          "%-40s callers=%2d calls=%6d p50=%7.1f us p99=%8.1f us throughput=%8.0f/s"
              + " cpu/call: client %5.1f us, redis %5.1f us%n",
          name,
          callers,
          all.length,
          all[all.length / 2] / 1e3,
          all[(int) (all.length * 0.99)] / 1e3,
          all.length / (elapsed / (double) TimeUnit.SECONDS.toNanos(1)),
          cpu / 1e3 / all.length,
          redisCpu * 1e6 / all.length);
    }
  }
}
