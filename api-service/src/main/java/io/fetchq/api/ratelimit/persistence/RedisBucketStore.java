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
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.OptionalOptions;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * The buckets in Redis, shared by every API instance: one {@code EVALSHA} of {@code take.lua} per
 * request takes from the global and the tenant's bucket atomically (see the script for the state
 * kept and its expiry). Time is Redis' clock ({@code TIME} inside the script), so clock skew
 * between API instances cannot hand out or withhold tokens.
 *
 * <p>Keys: {@code <prefix>{rl}:global} and {@code <prefix>{rl}:tenant:<tenant id>}. The {@code
 * {rl}} hash tag puts every bucket in one Redis Cluster slot, which a script touching two keys
 * needs; all rate-limit traffic then goes to one shard.
 *
 * <p>Commands get a short timeout and no retries (per call, so other Redis users keep Redisson's
 * defaults): a slow or dead Redis must cost a request milliseconds, after which the caller falls
 * back. After a Redis restart or {@code SCRIPT FLUSH} the first call gets {@code NOSCRIPT}; the
 * script is then loaded and the call repeated once.
 */
public final class RedisBucketStore implements BucketStore {

  static final String SCRIPT_RESOURCE = "/io/fetchq/api/ratelimit/take.lua";

  private final RScript scripts;
  private final String prefix;
  private final String source;
  private final String sha;

  /**
   * @param redisson the client
   * @param keyPrefix prefix of every key (distinct deployments or test runs use distinct ones)
   * @param timeout how long one call may take
   */
  public RedisBucketStore(RedissonClient redisson, String keyPrefix, Duration timeout) {
    this(redisson, keyPrefix, timeout, loadScript());
  }

  /** With another script text (tests: a text Redis has never seen, to provoke NOSCRIPT). */
  RedisBucketStore(RedissonClient redisson, String keyPrefix, Duration timeout, String source) {
    this.scripts =
        redisson.getScript(
            OptionalOptions.defaults()
                .codec(StringCodec.INSTANCE)
                .timeout(timeout)
                .retryAttempts(0));
    this.prefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    this.source = Objects.requireNonNull(source, "source");
    this.sha = sha1(source);
  }

  @Override
  public TakeResult take(TenantId tenant, RateLimit tenantLimit, RateLimit globalLimit, int cost) {
    List<Object> keys = List.of(globalKey(), tenantKey(tenant));
    Object[] args = {
      Integer.toString(cost),
      Integer.toString(globalLimit.perSecond()),
      Integer.toString(globalLimit.burst()),
      Integer.toString(tenantLimit.perSecond()),
      Integer.toString(tenantLimit.burst())
    };
    List<Object> reply;
    try {
      reply = evalSha(keys, args);
    } catch (RedisException e) {
      if (e.getMessage() == null || !e.getMessage().contains("NOSCRIPT")) {
        throw e;
      }
      scripts.scriptLoad(source);
      reply = evalSha(keys, args);
    }
    return result(reply);
  }

  /** The key of the global bucket. */
  public String globalKey() {
    return prefix + "{rl}:global";
  }

  /** The key of {@code tenant}'s bucket. */
  public String tenantKey(TenantId tenant) {
    return prefix + "{rl}:tenant:" + tenant;
  }

  private List<Object> evalSha(List<Object> keys, Object[] args) {
    return scripts.evalSha(RScript.Mode.READ_WRITE, sha, RScript.ReturnType.MULTI, keys, args);
  }

  static TakeResult result(List<Object> reply) {
    long verdict = number(reply.get(0));
    long scope = number(reply.get(1));
    double tenantTokens = number(reply.get(2)) / 1000d;
    long wait = number(reply.get(3));
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
