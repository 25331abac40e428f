package io.fetchq.api.ratelimit.persistence;

import io.fetchq.api.ratelimit.domain.LimitScope;
import io.fetchq.api.ratelimit.domain.TakeResult;
import io.fetchq.api.ratelimit.usecase.BucketStore;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.OptionalOptions;
import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.StringCodec;

/**
 * The buckets in Redis, shared by every API instance: {@code take.lua} takes from the global and
 * the tenant's bucket atomically (see the script for the state kept and its expiry). Time is Redis'
 * clock ({@code TIME} inside the script), so clock skew between API instances cannot hand out or
 * withhold tokens.
 *
 * <p>Concurrent requests share script calls ({@link CoalescingCalls}): a request that finds fewer
 * than {@code maxInFlight} calls outstanding sends its own {@code EVALSHA} at once; the requests
 * that arrive while that many are outstanding go together in the next one, at most {@code maxGroup}
 * per call, which the script takes in arrival order. Under load that is one command, one Netty
 * write and one script run per group rather than per request.
 *
 * <p>Keys: {@code <prefix>{rl}:global} and {@code <prefix>{rl}:tenant:<tenant id>}. The {@code
 * {rl}} hash tag puts every bucket in one Redis Cluster slot, which a script touching several keys
 * needs; all rate-limit traffic then goes to one shard.
 *
 * <p>Commands get a short timeout and no retries (per call, so other Redis users keep Redisson's
 * defaults): a slow or dead Redis must cost a request milliseconds, after which the caller falls
 * back. A request waits at most for the calls outstanding when it arrived and its own, so at most
 * {@code (maxInFlight + 1) × timeout}. After a Redis restart or {@code SCRIPT FLUSH} a call gets
 * {@code NOSCRIPT}; the script is then loaded and the call repeated once.
 */
public final class RedisBucketStore implements BucketStore {

  static final String SCRIPT_RESOURCE = "/io/fetchq/api/ratelimit/take.lua";

  /** One request's take: its tenant's key and its five script arguments. */
  record Take(String tenantKey, Object[] args) {}

  private final RScript scripts;
  private final String prefix;
  private final String globalKey;
  private final String source;
  private final String sha;
  private final long waitNanos;
  private final CoalescingCalls<Take, TakeResult> calls;

  /**
   * @param redisson the client
   * @param keyPrefix prefix of every key (distinct deployments or test runs use distinct ones)
   * @param timeout how long one call may take
   * @param maxInFlight how many script calls may be outstanding at once
   * @param maxGroup how many requests one script call takes at most
   * @param groupSizes told the number of requests in every script call
   */
  public RedisBucketStore(
      RedissonClient redisson,
      String keyPrefix,
      Duration timeout,
      int maxInFlight,
      int maxGroup,
      IntConsumer groupSizes) {
    this(redisson, keyPrefix, timeout, maxInFlight, maxGroup, groupSizes, loadScript());
  }

  /** With another script text (tests: a text Redis has never seen, to provoke NOSCRIPT). */
  RedisBucketStore(
      RedissonClient redisson,
      String keyPrefix,
      Duration timeout,
      int maxInFlight,
      int maxGroup,
      IntConsumer groupSizes,
      String source) {
    this.scripts =
        redisson.getScript(
            OptionalOptions.defaults()
                .codec(StringCodec.INSTANCE)
                .timeout(timeout)
                .retryAttempts(0));
    this.prefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    this.globalKey = prefix + "{rl}:global";
    this.source = Objects.requireNonNull(source, "source");
    this.sha = sha1(source);
    this.waitNanos = timeout.toNanos() * (maxInFlight + 1L);
    this.calls = new CoalescingCalls<>(this::takeAll, maxInFlight, maxGroup, groupSizes);
  }

  @Override
  public TakeResult take(TenantId tenant, RateLimit tenantLimit, RateLimit globalLimit, int cost) {
    CompletableFuture<TakeResult> result =
        calls.submit(request(tenant, tenantLimit, globalLimit, cost));
    try {
      return result.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw unchecked(e.getCause());
    } catch (TimeoutException e) {
      result.cancel(false); // if still queued, it is not sent: the caller takes from elsewhere
      throw new RedisTimeoutException(
          "no rate-limit answer within " + waitNanos / 1_000_000 + "ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisException("interrupted while waiting for the rate limit", e);
    }
  }

  Take request(TenantId tenant, RateLimit tenantLimit, RateLimit globalLimit, int cost) {
    Object[] args = {
      Integer.toString(cost),
      Integer.toString(globalLimit.perSecond()),
      Integer.toString(globalLimit.burst()),
      Integer.toString(tenantLimit.perSecond()),
      Integer.toString(tenantLimit.burst())
    };
    return new Take(tenantKey(tenant), args);
  }

  /** One script call taking for every request in {@code takes}, in order. */
  CompletionStage<List<TakeResult>> takeAll(List<Take> takes) {
    List<Object> keys = new ArrayList<>(takes.size() + 1);
    keys.add(globalKey);
    Object[] args = new Object[takes.size() * 5];
    for (int i = 0; i < takes.size(); i++) {
      keys.add(takes.get(i).tenantKey());
      System.arraycopy(takes.get(i).args(), 0, args, i * 5, 5);
    }
    return evalSha(keys, args)
        .handle(
            (reply, error) -> {
              if (error == null) {
                return CompletableFuture.completedStage(reply);
              }
              Throwable cause =
                  error instanceof CompletionException c && c.getCause() != null
                      ? c.getCause()
                      : error;
              if (cause.getMessage() == null || !cause.getMessage().contains("NOSCRIPT")) {
                return CompletableFuture.<List<Object>>failedStage(cause);
              }
              return scripts.scriptLoadAsync(source).thenCompose(loaded -> evalSha(keys, args));
            })
        .thenCompose(reply -> reply)
        .thenApply(RedisBucketStore::results);
  }

  /** The key of the global bucket. */
  public String globalKey() {
    return globalKey;
  }

  /** The key of {@code tenant}'s bucket. */
  public String tenantKey(TenantId tenant) {
    return prefix + "{rl}:tenant:" + tenant;
  }

  private CompletionStage<List<Object>> evalSha(List<Object> keys, Object[] args) {
    return scripts.evalShaAsync(RScript.Mode.READ_WRITE, sha, RScript.ReturnType.MULTI, keys, args);
  }

  private static RuntimeException unchecked(Throwable cause) {
    return cause instanceof RuntimeException e
        ? e
        : new RedisException("rate limit call failed: " + cause, cause);
  }

  static List<TakeResult> results(List<Object> reply) {
    List<TakeResult> results = new ArrayList<>(reply.size() / 4);
    for (int i = 0; i + 3 < reply.size(); i += 4) {
      results.add(result(reply, i));
    }
    return results;
  }

  private static TakeResult result(List<Object> reply, int at) {
    long verdict = number(reply.get(at));
    long scope = number(reply.get(at + 1));
    double tenantTokens = number(reply.get(at + 2)) / 1000d;
    long wait = number(reply.get(at + 3));
    LimitScope limitedBy = scope == 1 ? LimitScope.TENANT : scope == 2 ? LimitScope.GLOBAL : null;
    TakeResult.Verdict outcome =
        verdict == 1
            ? TakeResult.Verdict.GRANTED
            : verdict == 0 ? TakeResult.Verdict.REFUSED : TakeResult.Verdict.EXCEEDS_CAPACITY;
    return new TakeResult(outcome, limitedBy, tenantTokens, wait);
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
  }

  static String loadScript() {
    try (InputStream in = RedisBucketStore.class.getResourceAsStream(SCRIPT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + SCRIPT_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha1(String script) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
