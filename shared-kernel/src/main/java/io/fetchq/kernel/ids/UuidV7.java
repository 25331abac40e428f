package io.fetchq.kernel.ids;

import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * RFC 9562 version 7 UUIDs: 48 bits of Unix milliseconds, then random bits. Ids created later sort
 * later (at millisecond granularity), which keeps B-tree inserts append-only and makes keyset
 * pagination by id equal to pagination by creation time.
 */
public final class UuidV7 {

  private UuidV7() {}

  /** A version 7 UUID for {@code at}, random bits drawn from {@code random}. */
  public static UUID generate(Instant at, RandomGenerator random) {
    long millis = at.toEpochMilli();
    long msb = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  /** The creation instant encoded in a version 7 UUID. */
  public static Instant timestampOf(UUID id) {
    if (id.version() != 7) {
      throw new IllegalArgumentException("not a version 7 UUID: " + id);
    }
    return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
  }
}
