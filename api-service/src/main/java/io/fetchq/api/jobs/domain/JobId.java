package io.fetchq.api.jobs.domain;

import io.fetchq.kernel.ids.UuidV7;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Identifies a job. New ids are UUIDv7, so ids sort by creation time. */
public record JobId(UUID value) {

  public JobId {
    Objects.requireNonNull(value, "value");
  }

  /** A fresh time-ordered id for a job created at {@code now}. */
  public static JobId newId(Instant now, RandomGenerator random) {
    return new JobId(UuidV7.generate(now, random));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
