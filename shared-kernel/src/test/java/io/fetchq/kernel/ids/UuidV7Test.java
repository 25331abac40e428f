package io.fetchq.kernel.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class UuidV7Test {

  private final RandomGenerator random = RandomGenerator.of("L64X128MixRandom");

  @Test
  void carriesVersionVariantAndTimestamp() {
    Instant at = Instant.parse("2026-11-22T10:00:00.123Z");
    UUID id = UuidV7.generate(at, random);
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(UuidV7.timestampOf(id)).isEqualTo(at);
  }

  @Test
  void laterIdsSortLater() {
    UUID earlier = UuidV7.generate(Instant.parse("2026-11-22T10:00:00.001Z"), random);
    UUID later = UuidV7.generate(Instant.parse("2026-11-22T10:00:00.002Z"), random);
    assertThat(earlier.toString()).isLessThan(later.toString());
  }

  @Test
  void refusesOtherVersions() {
    assertThatThrownBy(() -> UuidV7.timestampOf(UUID.randomUUID()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
