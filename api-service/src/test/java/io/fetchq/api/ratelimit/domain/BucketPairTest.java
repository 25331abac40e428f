package io.fetchq.api.ratelimit.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.tenants.domain.RateLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BucketPairTest {

  private static final RateLimit GLOBAL = new RateLimit(1000, 2000);
  private static final RateLimit TENANT = new RateLimit(2, 10);
  private static final long T0 = 1_000_000_000_000L;
  private static final long SECOND = 1_000_000L;

  @Test
  void grantsTheBurstAtOnceThenRefusesWithoutTakingAnything() {
    BucketPair pair = BucketPair.full(GLOBAL, TENANT, T0);
    for (int i = 0; i < 10; i++) {
      BucketPair.Taken taken = pair.take(GLOBAL, TENANT, 1, T0);
      assertThat(taken.result().verdict()).isEqualTo(TakeResult.Verdict.GRANTED);
      assertThat(taken.result().tenantTokens()).isEqualTo(9 - i);
      pair = taken.after();
    }

    BucketPair.Taken refused = pair.take(GLOBAL, TENANT, 1, T0);

    assertThat(refused.result())
        .isEqualTo(new TakeResult(TakeResult.Verdict.REFUSED, LimitScope.TENANT, 0, SECOND / 2));
    assertThat(refused.after()).isSameAs(pair);
    assertThat(pair.global().tokens()).isEqualTo(1990);
  }

  @ParameterizedTest(name = "{0} tokens, {1} us later, cost {2}: {3} after, wait {4} us")
  @CsvSource({
    // tokens held, elapsed micros, cost, tenant tokens reported, wait micros
    "0,   250000,  1, 0.5, 250000",
    "0,   500000,  1, 0,   0",
    "0,   5000000, 1, 9,   0",
    "4,   0,       5, 4,   500000",
    "4,   0,       4, 0,   0",
    "9.5, 0,       0, 9.5, 0",
    "10,  9000000, 1, 9,   0",
  })
  void refillsAtTheRateUpToTheBurst(
      double tokens, long elapsed, int cost, double reported, long wait) {
    BucketPair pair =
        new BucketPair(TokenBucket.full(GLOBAL, T0), new TokenBucket(tokens, T0 - elapsed));

    TakeResult result = pair.take(GLOBAL, TENANT, cost, T0).result();

    assertThat(result.tenantTokens()).isEqualTo(reported);
    assertThat(result.waitMicros()).isEqualTo(wait);
  }

  @Test
  void theGlobalBucketRefusesForEveryTenant() {
    RateLimit tinyGlobal = new RateLimit(1, 2);
    BucketPair pair = BucketPair.full(tinyGlobal, TENANT, T0);
    pair = pair.take(tinyGlobal, TENANT, 2, T0).after();

    BucketPair.Taken refused = pair.take(tinyGlobal, TENANT, 1, T0);

    assertThat(refused.result().verdict()).isEqualTo(TakeResult.Verdict.REFUSED);
    assertThat(refused.result().limitedBy()).isEqualTo(LimitScope.GLOBAL);
    assertThat(refused.result().waitMicros()).isEqualTo(SECOND);
    assertThat(refused.result().tenantTokens()).isEqualTo(8);
  }

  @Test
  void whenBothLackTokensTheLongerWaitDecides() {
    RateLimit slowGlobal = new RateLimit(1, 10);
    BucketPair pair = new BucketPair(new TokenBucket(0, T0), new TokenBucket(0, T0)); // both empty

    TakeResult result = pair.take(slowGlobal, TENANT, 1, T0).result();

    assertThat(result.limitedBy()).isEqualTo(LimitScope.GLOBAL);
    assertThat(result.waitMicros()).isEqualTo(SECOND);
  }

  @Test
  void aCostAboveABucketsSizeCanNeverBeGranted() {
    BucketPair pair = BucketPair.full(GLOBAL, TENANT, T0);

    assertThat(pair.take(GLOBAL, TENANT, 11, T0).result().verdict())
        .isEqualTo(TakeResult.Verdict.EXCEEDS_CAPACITY);
    assertThat(pair.take(GLOBAL, TENANT, 11, T0).result().limitedBy()).isEqualTo(LimitScope.TENANT);
    RateLimit big = new RateLimit(100, 5000);
    assertThat(pair.take(GLOBAL, big, 2001, T0).result().limitedBy()).isEqualTo(LimitScope.GLOBAL);
  }

  @Test
  void aClockGoingBackwardsRefillsNothingAndTakesNothing() {
    TokenBucket bucket = new TokenBucket(3, T0);

    assertThat(bucket.levelAt(TENANT, T0 - 10 * SECOND)).isEqualTo(3);
  }

  @Test
  void aPeekChangesNothing() {
    BucketPair pair = BucketPair.full(GLOBAL, TENANT, T0);

    BucketPair.Taken peek = pair.take(GLOBAL, TENANT, 0, T0 + SECOND);

    assertThat(peek.after()).isSameAs(pair);
    assertThat(peek.result().verdict()).isEqualTo(TakeResult.Verdict.GRANTED);
    assertThatThrownBy(() -> pair.take(GLOBAL, TENANT, -1, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aResultNamesTheRefusingBucketExactlyWhenRefused() {
    assertThatThrownBy(() -> new TakeResult(TakeResult.Verdict.GRANTED, LimitScope.TENANT, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TakeResult(TakeResult.Verdict.REFUSED, null, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(-1, T0)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}/s burst {1} holding {2}: r={3} t={4} w={5}")
  @CsvSource({
    "100, 200, 200,   200, 0, 2",
    "100, 200, 199.5, 199, 1, 2",
    "100, 200, 0,     0,   2, 2",
    "1,   3,   0.2,   0,   3, 3",
    "7,   10,  10,    10,  0, 2",
  })
  void reportsRemainingTokensAndSecondsUntilFull(
      int perSecond, int burst, double tokens, long remaining, long reset, long window) {
    RateLimitStatus status = RateLimitStatus.of(new RateLimit(perSecond, burst), tokens);

    assertThat(status.remaining()).isEqualTo(remaining);
    assertThat(status.resetSeconds()).isEqualTo(reset);
    assertThat(status.windowSeconds()).isEqualTo(window);
  }
}
