package io.fetchq.worker.fetch.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.contracts.RetryTier;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TierReleaseTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  @Test
  void routesAMessageToTheLongestTierThatFitsOrToTheJobsTopicWhenDue() {
    assertThat(TierRelease.tierFor(null, T0)).isEmpty();
    assertThat(TierRelease.tierFor(at(0), T0)).isEmpty();
    assertThat(TierRelease.tierFor(at(-5), T0)).isEmpty();
    assertThat(TierRelease.tierFor(at(100), T0)).contains(RetryTier.T250MS);
    assertThat(TierRelease.tierFor(at(999), T0)).contains(RetryTier.T250MS);
    assertThat(TierRelease.tierFor(at(1_000), T0)).contains(RetryTier.T1S);
    assertThat(TierRelease.tierFor(at(9_999), T0)).contains(RetryTier.T1S);
    assertThat(TierRelease.tierFor(at(45_000), T0)).contains(RetryTier.T10S);
    assertThat(TierRelease.tierFor(at(5 * 3_600_000L), T0)).contains(RetryTier.T1H);
  }

  @Test
  void waitsUntilTheTierDelayOrTheDueTimeWhicheverComesFirst() {
    // written at T0 into the 1 s tier, due at 1.7 s: held 1 s, then 0.7 s left → 250 ms tier
    assertThat(TierRelease.decide(RetryTier.T1S, T0, at(1_700), at(400)))
        .isEqualTo(new TierRelease.Decision.Wait(at(1_000)));
    assertThat(TierRelease.decide(RetryTier.T1S, T0, at(1_700), at(1_000)))
        .isEqualTo(new TierRelease.Decision.Forward(Optional.of(RetryTier.T250MS)));
    // the 250 ms tier holds a record due sooner only until it is due
    assertThat(TierRelease.decide(RetryTier.T250MS, T0, at(120), at(10)))
        .isEqualTo(new TierRelease.Decision.Wait(at(120)));
    assertThat(TierRelease.decide(RetryTier.T250MS, T0, at(120), at(120)))
        .isEqualTo(new TierRelease.Decision.Forward(Optional.empty()));
    assertThat(TierRelease.decide(RetryTier.T250MS, T0, at(600), at(250)))
        .isEqualTo(new TierRelease.Decision.Forward(Optional.of(RetryTier.T250MS)));
  }

  @Test
  void forwardsAnOverdueRecordStraightToTheJobsTopic() {
    assertThat(TierRelease.decide(RetryTier.T1H, T0, at(2_000), at(5_000)))
        .isEqualTo(new TierRelease.Decision.Forward(Optional.empty()));
    assertThat(TierRelease.decide(RetryTier.T10S, T0, null, T0))
        .isEqualTo(new TierRelease.Decision.Forward(Optional.empty()));
  }

  @Test
  void releaseTimeIsTheEarlierOfDueTimeAndTierDelay() {
    assertThat(TierRelease.releaseAt(RetryTier.T10S, T0, at(60_000))).isEqualTo(at(10_000));
    assertThat(TierRelease.releaseAt(RetryTier.T10S, T0, at(3_000))).isEqualTo(at(3_000));
    assertThat(TierRelease.releaseAt(RetryTier.T10S, T0, null)).isEqualTo(at(10_000));
  }
}
