package io.fetchq.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  private static final TopicPartition P0 = new TopicPartition("jobs", 0);
  private static final TopicPartition P1 = new TopicPartition("jobs", 1);

  private final OffsetTracker tracker = new OffsetTracker();

  private static Map<TopicPartition, OffsetAndMetadata> at(TopicPartition p, long offset) {
    return Map.of(p, new OffsetAndMetadata(offset));
  }

  @Test
  void commitsNothingBeforeAnyRecordFinishes() {
    tracker.track(P0, 10);
    tracker.track(P0, 11);

    assertThat(tracker.toCommit()).isEmpty();
    assertThat(tracker.positions(List.of(P0))).isEmpty();
    assertThat(tracker.outstanding(P0)).isEqualTo(2);
  }

  @Test
  void commitsOnePastTheLastRecordWhenAllFinishedInOrder() {
    tracker.track(P0, 10);
    tracker.track(P0, 11);
    tracker.finish(P0, 10);
    tracker.finish(P0, 11);

    assertThat(tracker.toCommit()).isEqualTo(at(P0, 12));
  }

  @Test
  void holdsTheCommitAtTheLowestUnfinishedOffsetWhenLaterOnesFinishFirst() {
    for (long o = 0; o < 5; o++) {
      tracker.track(P0, o);
    }
    tracker.finish(P0, 3);
    tracker.finish(P0, 4);
    tracker.finish(P0, 1);

    assertThat(tracker.toCommit()).as("offset 0 is still running").isEmpty();

    tracker.finish(P0, 0);
    assertThat(tracker.toCommit()).as("2 is the first unfinished").isEqualTo(at(P0, 2));

    tracker.finish(P0, 2);
    assertThat(tracker.toCommit()).isEqualTo(at(P0, 5));
  }

  @Test
  void skipsGapsLeftByOffsetsNeverDelivered() {
    tracker.track(P0, 5);
    tracker.track(P0, 7); // 6 was a transaction marker
    tracker.track(P0, 10);

    tracker.finish(P0, 5);
    assertThat(tracker.toCommit()).isEqualTo(at(P0, 7));
    tracker.finish(P0, 10);
    tracker.finish(P0, 7);
    assertThat(tracker.toCommit()).isEqualTo(at(P0, 11));
  }

  @Test
  void offersEachPositionOnceUntilItMovesOrTheCommitFails() {
    tracker.track(P0, 0);
    tracker.finish(P0, 0);
    Map<TopicPartition, OffsetAndMetadata> first = tracker.toCommit();
    tracker.committed(first);

    assertThat(tracker.toCommit()).isEmpty();

    tracker.commitFailed(first);
    assertThat(tracker.toCommit()).isEqualTo(at(P0, 1));
    tracker.committed(first);

    tracker.track(P0, 1);
    tracker.finish(P0, 1);
    assertThat(tracker.toCommit()).isEqualTo(at(P0, 2));
  }

  @Test
  void aFailedOlderCommitDoesNotResetANewerOne() {
    tracker.track(P0, 0);
    tracker.track(P0, 1);
    tracker.finish(P0, 0);
    Map<TopicPartition, OffsetAndMetadata> older = tracker.toCommit();
    tracker.committed(older);
    tracker.finish(P0, 1);
    tracker.committed(tracker.toCommit());

    tracker.commitFailed(older);

    assertThat(tracker.toCommit()).isEmpty();
  }

  @Test
  void positionsIncludeAlreadyCommittedOnesForTheFinalCommit() {
    tracker.track(P0, 0);
    tracker.finish(P0, 0);
    tracker.committed(tracker.toCommit());
    tracker.track(P1, 4);

    assertThat(tracker.positions(List.of(P0, P1))).isEqualTo(at(P0, 1));
  }

  @Test
  void tracksPartitionsIndependently() {
    tracker.track(P0, 0);
    tracker.track(P1, 0);
    tracker.track(P1, 1);
    tracker.finish(P1, 1);
    tracker.finish(P1, 0);

    assertThat(tracker.toCommit()).isEqualTo(at(P1, 2));
    assertThat(tracker.outstanding()).isEqualTo(1);
  }

  @Test
  void forgetsRevokedPartitionsAndIgnoresTheirLateFinishes() {
    tracker.track(P0, 0);
    tracker.track(P1, 0);

    tracker.forget(List.of(P0));

    assertThat(tracker.finish(P0, 0)).isFalse();
    assertThat(tracker.outstanding(P0)).isZero();
    assertThat(tracker.toCommit()).isEmpty();
    assertThat(tracker.finish(P1, 0)).isTrue();
    assertThat(tracker.toCommit()).isEqualTo(at(P1, 1));
  }

  @Test
  void startsAfreshWhenARevokedPartitionComesBack() {
    tracker.track(P0, 0);
    tracker.forget(List.of(P0));

    tracker.track(P0, 8);
    tracker.finish(P0, 8);

    assertThat(tracker.toCommit()).isEqualTo(at(P0, 9));
  }

  @Test
  void finishingTwiceOrUnknownOffsetsChangesNothing() {
    tracker.track(P0, 0);
    tracker.track(P0, 1);

    assertThat(tracker.finish(P0, 1)).isTrue();
    assertThat(tracker.finish(P0, 1)).isFalse();
    assertThat(tracker.finish(P0, 42)).isFalse();
    assertThat(tracker.toCommit()).isEmpty();
  }
}
