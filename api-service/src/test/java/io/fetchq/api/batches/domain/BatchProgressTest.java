package io.fetchq.api.batches.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BatchProgressTest {

  private static final Instant CREATED = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant LAST = Instant.parse("2026-11-22T10:05:00Z");
  private static final Batch BATCH =
      new Batch(
          new BatchId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000c1")),
          TenantId.SYSTEM,
          3,
          null,
          CREATED);

  static Stream<Arguments> progress() {
    return Stream.of(
        Arguments.of(new BatchCounts(3, 0, 0, 0, 0, 0), null, BatchStatus.RUNNING, null),
        Arguments.of(new BatchCounts(0, 1, 0, 2, 0, 0), LAST, BatchStatus.RUNNING, null),
        Arguments.of(new BatchCounts(0, 0, 1, 1, 1, 0), LAST, BatchStatus.RUNNING, null),
        Arguments.of(new BatchCounts(0, 0, 0, 3, 0, 0), LAST, BatchStatus.COMPLETED, LAST),
        Arguments.of(new BatchCounts(0, 0, 0, 1, 1, 1), LAST, BatchStatus.COMPLETED, LAST),
        Arguments.of(new BatchCounts(0, 0, 0, 0, 0, 3), LAST, BatchStatus.COMPLETED, LAST),
        Arguments.of(new BatchCounts(0, 0, 0, 0, 0, 0), null, BatchStatus.RUNNING, null));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("progress")
  void isCompletedOnlyWhenEveryJobIsTerminal(
      BatchCounts counts, Instant last, BatchStatus status, Instant completedAt) {
    BatchProgress progress = new BatchProgress(BATCH, counts, last);

    assertThat(progress.status()).isEqualTo(status);
    assertThat(progress.completedAt()).isEqualTo(completedAt);
  }

  @Test
  void countsMissingStatusesAsZero() {
    BatchCounts counts = BatchCounts.of(Map.of(JobStatus.QUEUED, 2, JobStatus.FAILED, 1));

    assertThat(counts).isEqualTo(new BatchCounts(2, 0, 0, 0, 1, 0));
    assertThat(counts.total()).isEqualTo(3);
    assertThat(counts.unfinished()).isEqualTo(2);
    assertThatThrownBy(() -> new BatchCounts(-1, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesSizesOutsideOneToAThousandAndInvalidCallbackUrls() {
    BatchId id = BATCH.id();
    assertThatThrownBy(() -> new Batch(id, TenantId.SYSTEM, 0, null, CREATED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Batch(id, TenantId.SYSTEM, 1001, null, CREATED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Batch(id, TenantId.SYSTEM, 1, "ftp://x/", CREATED))
        .hasMessageContaining("callbackUrl");
    assertThat(new Batch(id, TenantId.SYSTEM, 1000, "https://x.example/", CREATED).size())
        .isEqualTo(1000);
    assertThat(BatchStatus.COMPLETED.wireName()).isEqualTo("completed");
  }
}
