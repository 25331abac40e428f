package io.fetchq.kernel.jobs;

import static io.fetchq.kernel.jobs.JobStatus.CANCELLED;
import static io.fetchq.kernel.jobs.JobStatus.COMPLETED;
import static io.fetchq.kernel.jobs.JobStatus.FAILED;
import static io.fetchq.kernel.jobs.JobStatus.QUEUED;
import static io.fetchq.kernel.jobs.JobStatus.RETRYING;
import static io.fetchq.kernel.jobs.JobStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTest {

  @Test
  void allowsExactlyTheDocumentedTransitions() {
    assertAllowed(QUEUED, RUNNING, CANCELLED);
    assertAllowed(RUNNING, COMPLETED, FAILED, RETRYING);
    assertAllowed(RETRYING, RUNNING, CANCELLED);
    assertAllowed(FAILED, QUEUED);
    assertAllowed(COMPLETED);
    assertAllowed(CANCELLED);
  }

  @Test
  void terminalStatesAreCompletedFailedAndCancelled() {
    assertThat(EnumSet.allOf(JobStatus.class).stream().filter(JobStatus::isTerminal))
        .containsExactlyInAnyOrder(COMPLETED, FAILED, CANCELLED);
  }

  @Test
  void onlyQueuedAndRetryingJobsAreCancellable() {
    assertThat(EnumSet.allOf(JobStatus.class).stream().filter(JobStatus::isCancellable))
        .containsExactlyInAnyOrder(QUEUED, RETRYING);
  }

  @ParameterizedTest
  @EnumSource(JobStatus.class)
  void wireNameIsLowercaseAndRoundTrips(JobStatus status) {
    assertThat(status.wireName()).isEqualTo(status.name().toLowerCase());
    assertThat(JobStatus.fromWire(status.wireName())).isEqualTo(status);
  }

  @Test
  void rejectsUnknownWireName() {
    assertThatThrownBy(() -> JobStatus.fromWire("QUEUED"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertAllowed(JobStatus from, JobStatus... allowed) {
    Set<JobStatus> expected = allowed.length == 0 ? Set.of() : EnumSet.of(allowed[0], allowed);
    for (JobStatus to : JobStatus.values()) {
      assertThat(from.canTransitionTo(to))
          .as("%s -> %s", from, to)
          .isEqualTo(expected.contains(to));
    }
  }
}
