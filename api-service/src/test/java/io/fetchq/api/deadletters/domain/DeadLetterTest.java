package io.fetchq.api.deadletters.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeadLetterTest {

  private static final Instant FAILED_AT = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-22T11:00:00Z");
  private static final DeadLetterId ID =
      new DeadLetterId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000dd"));

  private final DeadLetter dead = entry(DeadLetterState.DEAD, 0);

  @Test
  void replayingADeadEntryCountsTheReplay() {
    DeadLetter replayed = dead.replayed(NOW);

    assertThat(replayed.state()).isEqualTo(DeadLetterState.REPLAYED);
    assertThat(replayed.replayCount()).isEqualTo(1);
    assertThat(replayed.lastReplayedAt()).isEqualTo(NOW);
    assertThat(replayed.isReplayable()).isFalse();
    assertThat(replayed)
        .usingRecursiveComparison()
        .ignoringFields("state", "replayCount", "lastReplayedAt")
        .isEqualTo(dead);
  }

  @Test
  void refusesToReplayAReplayedEntry() {
    DeadLetter replayed = dead.replayed(NOW);

    assertThatThrownBy(() -> replayed.replayed(NOW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("replayed");
  }

  @Test
  void refusesNegativeCounts() {
    assertThatThrownBy(() -> entry(DeadLetterState.DEAD, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(DeadLetterState.class)
  void parsesItsWireNames(DeadLetterState state) {
    assertThat(DeadLetterState.fromWire(state.wireName())).isEqualTo(state);
    assertThat(state.wireName()).isLowerCase();
  }

  @Test
  void refusesAnUnknownState() {
    assertThatThrownBy(() -> DeadLetterState.fromWire("buried"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void showsItsIdAsTheUuid() {
    assertThat(ID.toString()).isEqualTo("0190f5c2-0000-7000-8000-0000000000dd");
  }

  private static DeadLetter entry(DeadLetterState state, int replayCount) {
    return new DeadLetter(
        ID,
        new JobId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000aa")),
        TenantId.SYSTEM,
        "https://example.org/data",
        "example.org",
        FAILED_AT,
        5,
        new JobError("timeout", "no response within 10000 ms"),
        state,
        replayCount,
        null);
  }
}
