package io.fetchq.api.batches.domain;

import io.fetchq.kernel.ids.UuidV7;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Identifies a batch. New ids are UUIDv7, so ids sort by creation time. */
public record BatchId(UUID value) {

  public BatchId {
    Objects.requireNonNull(value, "value");
  }

  /** A fresh time-ordered id for a batch created at {@code now}. */
  public static BatchId newId(Instant now, RandomGenerator random) {
    return new BatchId(UuidV7.generate(now, random));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
