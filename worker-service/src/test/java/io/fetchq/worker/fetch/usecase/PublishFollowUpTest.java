package io.fetchq.worker.fetch.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.worker.fetch.domain.AttemptOutcome;
import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.domain.JobError;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.PastAttempt;
import io.fetchq.worker.fetch.domain.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PublishFollowUpTest {

  private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");
  private static final JobId JOB = new JobId(UUID.randomUUID());
  private static final TenantId TENANT = new TenantId(UUID.randomUUID());
  private static final FollowUp.Retry RETRY =
      new FollowUp.Retry(JOB, TENANT, 0, 2, AT, "example.org");
  private static final FollowUp.DeadLetter DEAD =
      new FollowUp.DeadLetter(JOB, TENANT, 1, "https://example.org/", AT, new JobError("dns", "x"));

  /** Fails the first {@code failing} publishes. */
  static final class Flaky implements FollowUpPublisher {
    int failing;
    final List<Object> published = new ArrayList<>();
    final List<List<PastAttempt>> histories = new ArrayList<>();

    Flaky(int failing) {
      this.failing = failing;
    }

    private void maybeFail() {
      if (failing-- > 0) {
        throw new IllegalStateException("broker down");
      }
    }

    @Override
    public void publishRetry(FollowUp.Retry retry) {
      maybeFail();
      published.add(retry);
    }

    @Override
    public void publishDeadLetter(FollowUp.DeadLetter deadLetter, List<PastAttempt> history) {
      maybeFail();
      published.add(deadLetter);
      histories.add(history);
    }
  }

  @Test
  void retriesUntilTheBrokerAcknowledges() {
    Flaky publisher = new Flaky(3);
    PublishFollowUp publish =
        new PublishFollowUp(
            publisher, (id, g) -> List.of(), Duration.ofMillis(1), Duration.ofMillis(2));

    publish.publish(RETRY);

    assertThat(publisher.published).containsExactly(RETRY);
    assertThat(publisher.failing).isEqualTo(-1);
  }

  @Test
  void deadLettersCarryTheHistoryOfTheirGeneration() {
    Flaky publisher = new Flaky(0);
    PastAttempt first = new PastAttempt(1, AT, 12, AttemptOutcome.FAILED, null, "dns", "x");
    List<Object> asked = new ArrayList<>();
    PublishFollowUp publish =
        new PublishFollowUp(
            publisher,
            (id, generation) -> {
              asked.add(List.of(id, generation));
              return List.of(first);
            },
            Duration.ofMillis(1),
            Duration.ofMillis(1));

    publish.publish(DEAD);

    assertThat(asked).containsExactly(List.of(JOB, 1));
    assertThat(publisher.histories).containsExactly(List.of(first));
  }

  @Test
  void givesUpAfterClose() {
    Flaky publisher = new Flaky(Integer.MAX_VALUE);
    PublishFollowUp publish =
        new PublishFollowUp(
            publisher, (id, g) -> List.of(), Duration.ofMillis(1), Duration.ofMillis(1));
    publish.close();

    assertThatThrownBy(() -> publish.publish(RETRY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shutdown");
    assertThat(publisher.published).isEmpty();
  }
}
