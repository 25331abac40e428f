package io.fetchq.worker.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each partition are safe to commit when records finish out of order. Per
 * partition it keeps the outstanding (received, not finished) offsets; the committable position is
 * the lowest outstanding offset, or one past the highest received offset when none is outstanding.
 * Offsets the broker never delivered (transaction markers, compaction) are therefore skipped
 * naturally. Not thread-safe: owned by the consumer loop thread.
 */
public final class OffsetTracker {

  private static final class State {
    final TreeSet<Long> outstanding = new TreeSet<>();
    final long base;
    long next;
    long committed;

    State(long first) {
      this.base = first;
      this.next = first;
      this.committed = first;
    }

    long position() {
      return outstanding.isEmpty() ? next : outstanding.first();
    }
  }

  private final Map<TopicPartition, State> partitions = new HashMap<>();

  /** Notes that {@code offset} of {@code partition} was received and is now outstanding. */
  public void track(TopicPartition partition, long offset) {
    State state = partitions.computeIfAbsent(partition, p -> new State(offset));
    state.outstanding.add(offset);
    state.next = Math.max(state.next, offset + 1);
  }

  /**
   * Notes that the record at {@code offset} is done with (its outcome durable, or nothing to do).
   *
   * @return false when the offset was not outstanding (unknown, already finished, or its partition
   *     was forgotten)
   */
  public boolean finish(TopicPartition partition, long offset) {
    State state = partitions.get(partition);
    return state != null && state.outstanding.remove(offset);
  }

  /** Positions that moved since they were last handed out by this method or marked committed. */
  public Map<TopicPartition, OffsetAndMetadata> toCommit() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    partitions.forEach(
        (partition, state) -> {
          long position = state.position();
          if (position > state.committed) {
            out.put(partition, new OffsetAndMetadata(position));
          }
        });
    return out;
  }

  /** The position of each of {@code of} where something finished, whether committed or not. */
  public Map<TopicPartition, OffsetAndMetadata> positions(Collection<TopicPartition> of) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition partition : of) {
      State state = partitions.get(partition);
      if (state != null && state.position() > state.base) {
        out.put(partition, new OffsetAndMetadata(state.position()));
      }
    }
    return out;
  }

  /** Records that {@code offsets} were (or are being) committed. */
  public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (partition, offset) -> {
          State state = partitions.get(partition);
          if (state != null) {
            state.committed = Math.max(state.committed, offset.offset());
          }
        });
  }

  /** Records that committing {@code offsets} failed, so {@link #toCommit()} offers them again. */
  public void commitFailed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (partition, offset) -> {
          State state = partitions.get(partition);
          if (state != null && state.committed == offset.offset()) {
            state.committed = state.base;
          }
        });
  }

  /** Drops all state of {@code revoked} partitions; later finishes for them are ignored. */
  public void forget(Collection<TopicPartition> revoked) {
    revoked.forEach(partitions::remove);
  }

  /** Outstanding offsets of {@code partition}. */
  public int outstanding(TopicPartition partition) {
    State state = partitions.get(partition);
    return state == null ? 0 : state.outstanding.size();
  }

  /** Outstanding offsets over all partitions. */
  public int outstanding() {
    return partitions.values().stream().mapToInt(s -> s.outstanding.size()).sum();
  }
}
