package io.fetchq.worker.callbacks.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.fetchq.worker.callbacks.domain.EventId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RedeliverDueTest {

  /** Due rows in a queue; a failed publish leaves them due. */
  private static final class FakeDue implements DueDeliveries {
    final Deque<DueDelivery> due = new ArrayDeque<>();

    @Override
    public int requeue(int limit, java.util.function.Consumer<List<DueDelivery>> publish) {
      List<DueDelivery> batch = new ArrayList<>();
      for (DueDelivery d : due) {
        if (batch.size() == limit) {
          break;
        }
        batch.add(d);
      }
      if (batch.isEmpty()) {
        return 0;
      }
      publish.accept(batch);
      batch.forEach(due::remove);
      return batch.size();
    }
  }

  private static DueDelivery due() {
    return new DueDelivery(new EventId(UUID.randomUUID()), UUID.randomUUID(), 2, "h");
  }

  @Test
  void publishesEveryDueDeliveryInBatches() {
    FakeDue due = new FakeDue();
    for (int i = 0; i < 5; i++) {
      due.due.add(due());
    }
    List<List<DueDelivery>> published = new ArrayList<>();

    int requeued = new RedeliverDue(due, published::add, 2).redeliver();

    assertThat(requeued).isEqualTo(5);
    assertThat(published).extracting(List::size).containsExactly(2, 2, 1);
    assertThat(due.due).isEmpty();
  }

  @Test
  void aFailedPublishLeavesTheRowsDue() {
    FakeDue due = new FakeDue();
    due.due.add(due());

    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                new RedeliverDue(
                        due,
                        batch -> {
                          throw new IllegalStateException("broker down");
                        },
                        10)
                    .redeliver());
    assertThat(due.due).hasSize(1);
  }

  @Test
  void nothingDueDoesNothing() {
    assertThat(new RedeliverDue(new FakeDue(), batch -> {}, 1).redeliver()).isZero();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RedeliverDue(new FakeDue(), batch -> {}, 0));
  }
}
