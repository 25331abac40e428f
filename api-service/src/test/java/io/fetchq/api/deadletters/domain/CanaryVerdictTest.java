package io.fetchq.api.deadletters.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.kernel.jobs.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanaryVerdictTest {

  private static final Instant SINCE = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @Test
  void passesWhenEveryCanaryJobCompleted() {
    assertThat(decide(List.of(JobStatus.COMPLETED, JobStatus.COMPLETED), SINCE))
        .isInstanceOf(CanaryVerdict.Pass.class);
  }

  @Test
  void waitsWhileAJobIsNotTerminal() {
    for (JobStatus pending : List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.RETRYING)) {
      assertThat(decide(List.of(JobStatus.COMPLETED, pending), SINCE.plusSeconds(299)))
          .isInstanceOf(CanaryVerdict.Wait.class);
    }
  }

  @Test
  void abortsAsSoonAsOneJobFailedOrWasCancelledEvenWhileOthersRun() {
    assertThat(decide(List.of(JobStatus.RUNNING, JobStatus.FAILED, JobStatus.COMPLETED), SINCE))
        .isEqualTo(
            new CanaryVerdict.Abort(
                "canary failed: 1 of 3 canary jobs did not complete (failed or cancelled)"));
    assertThat(decide(List.of(JobStatus.CANCELLED), SINCE)).isInstanceOf(CanaryVerdict.Abort.class);
  }

  @Test
  void abortsWhenTheWaitTimesOut() {
    assertThat(decide(List.of(JobStatus.COMPLETED, JobStatus.QUEUED), SINCE.plus(TIMEOUT)))
        .isEqualTo(
            new CanaryVerdict.Abort(
                "canary timed out: 1 of 2 canary jobs were not finished after 300 s"));
  }

  private static CanaryVerdict decide(List<JobStatus> statuses, Instant now) {
    return CanaryVerdict.decide(statuses, SINCE, now, TIMEOUT);
  }
}
