package io.fetchq.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostLanesTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void aHostGetsAtMostItsLimitAndOthersAreUnaffected() {
    HostLanes<String> lanes = new HostLanes<>(2, 10);

    assertThat(lanes.tryAcquire("a")).isTrue();
    assertThat(lanes.tryAcquire("a")).isTrue();
    assertThat(lanes.tryAcquire("a")).isFalse();
    assertThat(lanes.tryAcquire("b")).isTrue();
    assertThat(lanes.running("a")).isEqualTo(2);
    assertThat(lanes.running("b")).isEqualTo(1);
  }

  @Test
  void waitingItemsStartInOrderWhenTheirHostFreesASlot() {
    HostLanes<String> lanes = new HostLanes<>(1, 10);
    assertThat(lanes.tryAcquire("a")).isTrue();
    assertThat(lanes.enqueue("a", "a1")).isTrue();
    assertThat(lanes.enqueue("a", "a2")).isTrue();
    assertThat(lanes.pollStartable()).as("host a is busy").isNull();

    lanes.release("a", Duration.ofMillis(100));

    assertThat(lanes.pollStartable()).isEqualTo("a1");
    assertThat(lanes.running("a")).isEqualTo(1);
    assertThat(lanes.pollStartable()).as("a1 took the only slot").isNull();
    lanes.release("a", Duration.ofMillis(100));
    assertThat(lanes.pollStartable()).isEqualTo("a2");
    assertThat(lanes.waiting()).isZero();
  }

  @Test
  void aNewItemNeverOvertakesItsHostsWaitingOnes() {
    HostLanes<String> lanes = new HostLanes<>(1, 10);
    lanes.tryAcquire("a");
    lanes.enqueue("a", "a1");
    lanes.release("a", null);

    assertThat(lanes.tryAcquire("a")).as("a1 waits for this slot").isFalse();
    assertThat(lanes.pollStartable()).isEqualTo("a1");
  }

  @Test
  void waitingIsBoundedOverAllHosts() {
    HostLanes<String> lanes = new HostLanes<>(1, 3);
    lanes.tryAcquire("a");
    lanes.tryAcquire("b");

    assertThat(lanes.enqueue("a", "a1")).isTrue();
    assertThat(lanes.enqueue("b", "b1")).isTrue();
    assertThat(lanes.enqueue("a", "a2")).isTrue();
    assertThat(lanes.enqueue("b", "b2")).isFalse();
    assertThat(lanes.waiting()).isEqualTo(3);
  }

  @Test
  void startableHostsAreServedInTheOrderTheyFreedASlot() {
    HostLanes<String> lanes = new HostLanes<>(1, 10);
    for (String host : List.of("a", "b", "c")) {
      lanes.tryAcquire(host);
      lanes.enqueue(host, host + "1");
    }
    lanes.release("c", null);
    lanes.release("a", null);

    List<String> started = new ArrayList<>();
    String next;
    while ((next = lanes.pollStartable()) != null) {
      started.add(next);
    }

    assertThat(started).containsExactly("c1", "a1");
    assertThat(lanes.waiting()).isEqualTo(1);
  }

  @Test
  void freeSlotsGoToWaitingHostsRoundRobin() {
    HostLanes<String> lanes = new HostLanes<>(2, 10);
    for (int i = 1; i <= 5; i++) {
      lanes.enqueue("a", "a" + i);
    }
    lanes.enqueue("b", "b1");

    assertThat(lanes.pollStartable()).isEqualTo("a1");
    assertThat(lanes.pollStartable()).as("b's turn, though a has more waiting").isEqualTo("b1");
    assertThat(lanes.pollStartable()).isEqualTo("a2");
    assertThat(lanes.pollStartable()).as("a is at its limit, b has nothing left").isNull();
    assertThat(lanes.busy("a")).isTrue();
    assertThat(lanes.busy("b")).as("one running, one free slot, nothing waiting").isFalse();
    assertThat(lanes.busy("unknown")).isFalse();
  }

  @Test
  void aLaneDisappearsWhenItsHostHasNothingLeft() {
    HostLanes<String> lanes = new HostLanes<>(2, 10);
    lanes.tryAcquire("a");
    lanes.tryAcquire("b");
    assertThat(lanes.hosts()).isEqualTo(2);

    lanes.release("a", Duration.ofMillis(5));

    assertThat(lanes.hosts()).isEqualTo(1);
    assertThatThrownBy(() -> lanes.release("a", null)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRequeuedItemGoesFirstAndGivesBackItsSlot() {
    HostLanes<String> lanes = new HostLanes<>(1, 1);
    lanes.tryAcquire("a");
    lanes.enqueue("a", "a2");
    lanes.release("a", null);
    assertThat(lanes.pollStartable()).isEqualTo("a2");

    lanes.requeueFirst("a", "a2");

    assertThat(lanes.running("a")).isZero();
    assertThat(lanes.waiting()).isEqualTo(1);
    assertThat(lanes.pollStartable()).isEqualTo("a2");
    assertThatThrownBy(() -> lanes.requeueFirst("b", "b1"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void showsAHostsNextWaitingItemsInOrderWithoutTakingThem() {
    HostLanes<String> lanes = new HostLanes<>(1, 10);
    lanes.tryAcquire("a");
    lanes.enqueue("a", "a1");
    lanes.enqueue("a", "a2");
    lanes.enqueue("a", "a3");

    assertThat(lanes.waitingHeads("a", 2)).containsExactly("a1", "a2");
    assertThat(lanes.waitingHeads("a", 5)).containsExactly("a1", "a2", "a3");
    assertThat(lanes.waitingHeads("a", 0)).isEmpty();
    assertThat(lanes.waitingHeads("b", 2)).isEmpty();
    assertThat(lanes.waiting()).isEqualTo(3);
    lanes.release("a", null);
    assertThat(lanes.pollStartable()).isEqualTo("a1");
  }

  @Test
  void removesOneWaitingItemByIdentity() {
    HostLanes<String> lanes = new HostLanes<>(1, 10);
    String a1 = new String("item");
    String a2 = new String("item");
    lanes.tryAcquire("a");
    lanes.enqueue("a", a1);
    lanes.enqueue("a", a2);
    lanes.enqueue("b", "b1");

    assertThat(lanes.removeWaiting("a", a2)).isTrue();
    assertThat(lanes.removeWaiting("a", a2)).as("already gone").isFalse();
    assertThat(lanes.removeWaiting("c", "c1")).as("no such lane").isFalse();
    assertThat(lanes.waiting()).isEqualTo(2);
    assertThat(lanes.waitingHeads("a", 5)).singleElement().isSameAs(a1);

    assertThat(lanes.removeWaiting("b", "b1")).isTrue();
    assertThat(lanes.hosts()).as("b had nothing else").isEqualTo(1);
  }

  @Test
  void removesWaitingItemsByFilter() {
    HostLanes<String> lanes = new HostLanes<>(1, 10);
    lanes.tryAcquire("a");
    lanes.enqueue("a", "drop-1");
    lanes.enqueue("a", "keep-1");
    lanes.enqueue("b", "drop-2");

    assertThat(lanes.removeWaitingIf(item -> item.startsWith("drop")))
        .containsExactlyInAnyOrder("drop-1", "drop-2");
    assertThat(lanes.waiting()).isEqualTo(1);
    assertThat(lanes.hosts()).as("b had only a dropped item").isEqualTo(1);
  }

  @Test
  void deferralsQueueBehindTheHostsBacklogAtItsMeasuredPace() {
    HostLanes<String> lanes = new HostLanes<>(2, 4);
    lanes.tryAcquire("a");
    lanes.tryAcquire("a");
    for (int i = 0; i < 4; i++) {
      lanes.enqueue("a", "a" + i);
    }
    // the host answers in 2 s: with 2 slots it takes one item per second
    for (int i = 0; i < 40; i++) {
      lanes.release("a", Duration.ofSeconds(2));
      assertThat(lanes.pollStartable()).isNotNull();
      lanes.enqueue("a", "again" + i);
    }

    Instant first = lanes.deferUntil("a", NOW);
    Instant second = lanes.deferUntil("a", NOW);
    Instant third = lanes.deferUntil("a", NOW);

    // behind the 4 waiting items (about 4 s), then one item per second each
    assertThat(Duration.between(NOW, first))
        .isBetween(Duration.ofMillis(4500), Duration.ofSeconds(6));
    assertThat(Duration.between(first, second))
        .isBetween(Duration.ofMillis(900), Duration.ofMillis(1100));
    assertThat(Duration.between(second, third)).isEqualTo(Duration.between(first, second));
  }

  @Test
  void aDeferralIsNeverShorterThanTheMinimum() {
    HostLanes<String> lanes = new HostLanes<>(100, 0);
    lanes.tryAcquire("fast");
    lanes.release("fast", Duration.ofMillis(1));
    lanes.tryAcquire("fast");

    assertThat(lanes.deferUntil("fast", NOW)).isEqualTo(NOW.plus(HostLanes.MIN_DEFERRAL));
    assertThat(lanes.deferUntil("unknown", NOW)).isEqualTo(NOW.plus(HostLanes.MIN_DEFERRAL));
  }

  @Test
  void aHostWithoutAFinishedFetchHasNoPaceYetSoItsItemsComeBackAfterTheMinimum() {
    // the stall this guards against: 50,000 jobs to one host, 10,000 waiting, the other 40,000
    // deferred before any fetch finished and spread at a guessed 1 s per fetch over an hour
    HostLanes<String> lanes = new HostLanes<>(16, 10_000);
    for (int i = 0; i < 16; i++) {
      lanes.tryAcquire("one");
    }
    for (int i = 0; i < 10_000; i++) {
      lanes.enqueue("one", "w" + i);
    }

    for (int i = 0; i < 40_000; i++) {
      assertThat(lanes.deferUntil("one", NOW)).isEqualTo(NOW.plus(HostLanes.MIN_DEFERRAL));
    }

    // once a fetch finished, the pace is that fetch's: 10 ms over 16 slots, behind 10,000 waiting
    lanes.release("one", Duration.ofMillis(10));
    Instant paced = lanes.deferUntil("one", NOW);
    assertThat(Duration.between(NOW, paced))
        .isBetween(Duration.ofMillis(6_000), Duration.ofMillis(6_500));
  }

  @Test
  void noDeferralReachesBeyondTheMaximumHoweverSlowTheHostSeems() {
    HostLanes<String> lanes = new HostLanes<>(1, 101);
    lanes.tryAcquire("slow");
    lanes.enqueue("slow", "first");
    lanes.release("slow", Duration.ofMinutes(5));
    assertThat(lanes.pollStartable()).isEqualTo("first");
    for (int i = 0; i < 100; i++) {
      lanes.enqueue("slow", "w" + i);
    }

    Instant latest = NOW.plus(HostLanes.MAX_DEFERRAL);
    for (int i = 0; i < 1_000; i++) {
      assertThat(lanes.deferUntil("slow", NOW)).isEqualTo(latest);
    }
    // later deferrals are bounded from their own now, not stacked behind the earlier ones
    Instant later = NOW.plusSeconds(60);
    assertThat(lanes.deferUntil("slow", later)).isEqualTo(later.plus(HostLanes.MAX_DEFERRAL));
  }

  /**
   * A host at its limit with a full lane of {@code waiting} items, its fetches taking {@code
   * fetch}.
   */
  private static HostLanes<String> backlogged(String host, int waiting, Duration fetch) {
    HostLanes<String> lanes = new HostLanes<>(16, waiting);
    for (int i = 0; i < 16; i++) {
      lanes.tryAcquire(host);
    }
    for (int i = 0; i < waiting; i++) {
      lanes.enqueue(host, "w" + i);
    }
    lanes.release(host, fetch);
    assertThat(lanes.pollStartable()).isEqualTo("w0");
    lanes.enqueue(host, "refill");
    return lanes;
  }

  /** Starts {@code n} of the host's waiting items, refilling its lane behind them. */
  private static void startWaiting(HostLanes<String> lanes, String host, int n, Duration fetch) {
    for (int i = 0; i < n; i++) {
      lanes.release(host, fetch);
      assertThat(lanes.pollStartable()).isNotNull();
      assertThat(lanes.enqueue(host, "more" + i)).isTrue();
    }
  }

  @Test
  void thePaceIsTheRateAtWhichThisWorkerStartsTheHostsItemsNotTheRateTheHostCouldTake() {
    // 1 ms answers over 16 slots: the host could take 16,000 a second, but this worker starts 500
    HostLanes<String> lanes = backlogged("fast", 1_000, Duration.ofMillis(1));
    Instant first = lanes.deferUntil("fast", NOW);
    assertThat(first).as("no window closed yet: the host's own pace").isEqualTo(NOW.plusSeconds(1));

    startWaiting(lanes, "fast", 500, Duration.ofMillis(1));
    Instant now = NOW.plusSeconds(1);
    Instant paced = lanes.deferUntil("fast", now);

    // behind the 1,000 waiting items at 2 ms each
    assertThat(Duration.between(now, paced))
        .isBetween(Duration.ofMillis(1_990), Duration.ofMillis(2_010));
    assertThat(Duration.between(paced, lanes.deferUntil("fast", now)))
        .isBetween(Duration.ofNanos(1_990_000), Duration.ofNanos(2_010_000));
  }

  @Test
  void fetchTimesMeasuredOnASaturatedMachineDoNotSlowThePaceBelowTheStartsSeen() {
    // 4 s answers over 16 slots would say 250 ms per item: 1,000 waiting items would be 250 s away
    HostLanes<String> lanes = backlogged("slowed", 1_000, Duration.ofSeconds(4));
    assertThat(lanes.deferUntil("slowed", NOW)).isEqualTo(NOW.plus(HostLanes.MAX_DEFERRAL));

    startWaiting(lanes, "slowed", 2_000, Duration.ofSeconds(4));
    Instant now = NOW.plusSeconds(1);

    // 2,000 started in the second: 0.5 ms each, 1,000 waiting = 0.5 s (the minimum applies)
    assertThat(lanes.deferUntil("slowed", now)).isEqualTo(now.plus(HostLanes.MIN_DEFERRAL));
    for (int i = 0; i < 2_000; i++) {
      lanes.deferUntil("slowed", now);
    }
    // the virtual queue goes on at that pace: 1,000 waiting + 2,001 deferred at 0.5 ms
    assertThat(Duration.between(now, lanes.deferUntil("slowed", now)))
        .isBetween(Duration.ofMillis(1_495), Duration.ofMillis(1_505));
  }

  @Test
  void theRateIsMeasuredOverWindowsOfHalfASecondToFiveSecondsAndAveraged() {
    HostLanes<String> lanes = backlogged("a", 1_000, Duration.ofMillis(1));
    lanes.deferUntil("a", NOW);

    // too short a window measures nothing: still the host's own pace (62.5 µs per item)
    startWaiting(lanes, "a", 100, Duration.ofMillis(1));
    Instant soon = NOW.plus(HostLanes.PACE_WINDOW).minusMillis(1);
    assertThat(lanes.deferUntil("a", soon)).isEqualTo(soon.plus(HostLanes.MIN_DEFERRAL));

    // the window closes at 500 ms with its 100 starts plus 400 more: 1,000 per second
    startWaiting(lanes, "a", 400, Duration.ofMillis(1));
    Instant closed = NOW.plus(HostLanes.PACE_WINDOW);
    Instant paced = lanes.deferUntil("a", closed);
    assertThat(Duration.between(closed, paced))
        .isBetween(Duration.ofMillis(1_000), Duration.ofMillis(1_002));

    // a second window of 1 s with 250 starts averages in: (1,000 + 250) / 2 = 625 per second
    startWaiting(lanes, "a", 250, Duration.ofMillis(1));
    Instant later = closed.plusSeconds(1);
    Instant first = lanes.deferUntil("a", later);
    assertThat(Duration.between(first, lanes.deferUntil("a", later)))
        .isBetween(Duration.ofNanos(1_590_000), Duration.ofNanos(1_610_000));

    // a gap longer than the longest window opens a new one without measuring across it
    startWaiting(lanes, "a", 10, Duration.ofMillis(1));
    Instant afterGap = later.plus(HostLanes.PACE_WINDOW_MAX).plusMillis(1);
    Instant one = lanes.deferUntil("a", afterGap);
    assertThat(Duration.between(one, lanes.deferUntil("a", afterGap)))
        .as("still 625 per second")
        .isBetween(Duration.ofNanos(1_590_000), Duration.ofNanos(1_610_000));
  }

  @Test
  void aWindowWithoutAStartStaysOpen() {
    HostLanes<String> lanes = backlogged("stuck", 100, Duration.ofMillis(16));
    lanes.deferUntil("stuck", NOW);
    // nothing started for 2 s (the host hangs): no rate of zero, the window stays open
    Instant quiet = NOW.plusSeconds(2);
    assertThat(lanes.deferUntil("stuck", quiet)).isEqualTo(quiet.plus(HostLanes.MIN_DEFERRAL));
    // then 100 start by 4 s: 25 per second over the whole window, 40 ms per item
    startWaiting(lanes, "stuck", 100, Duration.ofMillis(16));
    Instant now = NOW.plusSeconds(4);
    assertThat(Duration.between(now, lanes.deferUntil("stuck", now)))
        .as("behind the 100 waiting items")
        .isBetween(Duration.ofMillis(4_030), Duration.ofMillis(4_050));
  }

  @Test
  void theFirstFinishedFetchSetsThePaceAndLaterOnesAverage() {
    HostLanes<String> lanes = new HostLanes<>(1, 10);
    lanes.tryAcquire("a");
    lanes.enqueue("a", "x");
    lanes.release("a", Duration.ofMillis(2_000));
    assertThat(lanes.pollStartable()).isEqualTo("x");

    assertThat(Duration.between(NOW, lanes.deferUntil("a", NOW))).isEqualTo(Duration.ofSeconds(2));

    lanes.enqueue("a", "y");
    lanes.release("a", Duration.ofMillis(7_000)); // 0.8 * 2000 + 0.2 * 7000 = 3000
    assertThat(lanes.pollStartable()).isEqualTo("y");
    Instant next = NOW.plusSeconds(100);
    assertThat(Duration.between(next, lanes.deferUntil("a", next)))
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aHostIsAtItsLimitOnlyWhenAllItsSlotsAreTakenNotWhenItemsWaitForAGlobalSlot() {
    HostLanes<String> lanes = new HostLanes<>(2, 10);
    assertThat(lanes.atLimit("a")).isFalse();
    lanes.tryAcquire("a");
    lanes.enqueue("a", "waits for a global slot");
    assertThat(lanes.busy("a")).isTrue();
    assertThat(lanes.atLimit("a")).isFalse();

    assertThat(lanes.pollStartable()).isEqualTo("waits for a global slot");
    assertThat(lanes.atLimit("a")).isTrue();
    lanes.release("a", null);
    assertThat(lanes.atLimit("a")).isFalse();
  }

  @Test
  void refusesNonsenseLimits() {
    assertThatThrownBy(() -> new HostLanes<String>(0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HostLanes<String>(1, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
