package io.fetchq.worker.fetch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostGateTest {

  @Test
  void letsAtMostTheLimitRunPerHostAndOtherHostsIndependently() {
    HostGate<String> gate = new HostGate<>(2, 4);

    assertThat(gate.tryAcquire("a.example")).isTrue();
    assertThat(gate.tryAcquire("a.example")).isTrue();
    assertThat(gate.tryAcquire("a.example")).isFalse();
    assertThat(gate.tryAcquire("b.example")).isTrue();
    assertThat(gate.running("a.example")).isEqualTo(2);

    gate.release("a.example");

    assertThat(gate.running("a.example")).isEqualTo(1);
    assertThat(gate.tryAcquire("a.example")).isTrue();
  }

  @Test
  void releasingAnIdleHostForgetsIt() {
    HostGate<String> gate = new HostGate<>(1, 1);
    gate.tryAcquire("a");
    gate.release("a");
    gate.release("a");

    assertThat(gate.running("a")).isZero();
    assertThat(gate.tryAcquire("a")).isTrue();
  }

  @Test
  void boundsEachHostsWaitingQueueAndHandsOutInOrder() {
    HostGate<String> gate = new HostGate<>(1, 2);

    assertThat(gate.enqueue("a", "1")).isTrue();
    assertThat(gate.enqueue("a", "2")).isTrue();
    assertThat(gate.enqueue("a", "3")).as("queue full").isFalse();
    assertThat(gate.enqueue("b", "x")).isTrue();
    assertThat(gate.waiting()).isEqualTo(3);

    assertThat(gate.pollWaiting("a")).isEqualTo("1");
    assertThat(gate.pollWaiting("a")).isEqualTo("2");
    assertThat(gate.pollWaiting("a")).isNull();
    assertThat(gate.pollWaiting("c")).isNull();
    assertThat(gate.waiting()).isEqualTo(1);
  }

  @Test
  void aZeroCapacityQueueRefusesEverything() {
    HostGate<String> gate = new HostGate<>(1, 0);

    assertThat(gate.enqueue("a", "1")).isFalse();
    assertThat(gate.waiting()).isZero();
  }

  @Test
  void removesMatchingWaitersAcrossHosts() {
    HostGate<String> gate = new HostGate<>(1, 5);
    gate.enqueue("a", "drop-1");
    gate.enqueue("a", "keep");
    gate.enqueue("b", "drop-2");

    assertThat(gate.removeWaitingIf(s -> s.startsWith("drop")))
        .containsExactlyInAnyOrder("drop-1", "drop-2");
    assertThat(gate.waiting()).isEqualTo(1);
    assertThat(gate.pollWaiting("a")).isEqualTo("keep");
    assertThat(gate.pollWaiting("b")).isNull();
  }

  @Test
  void rejectsInvalidBounds() {
    assertThatThrownBy(() -> new HostGate<String>(0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HostGate<String>(1, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
