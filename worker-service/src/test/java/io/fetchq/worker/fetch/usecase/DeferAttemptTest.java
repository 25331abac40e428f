package io.fetchq.worker.fetch.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.kernel.jobs.RetryPolicy;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.Deferral;
import io.fetchq.worker.fetch.domain.DeferralReason;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.PastAttempt;
import io.fetchq.worker.fetch.domain.TenantId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeferAttemptTest {

  private static final Instant UNTIL = Instant.parse("2030-01-01T00:00:30Z");

  private final List<FollowUp.Retry> published = new ArrayList<>();
  private final List<Instant> released = new ArrayList<>();

  private final FollowUpPublisher publisher =
      new FollowUpPublisher() {
        @Override
        public void publishRetry(FollowUp.Retry retry) {
          published.add(retry);
        }

        @Override
        public void publishDeadLetter(FollowUp.DeadLetter deadLetter, List<PastAttempt> history) {
          throw new UnsupportedOperationException();
        }
      };

  private final PublishFollowUp followUps =
      new PublishFollowUp(
          publisher, (jobId, generation) -> List.of(), Duration.ofMillis(1), Duration.ofMillis(1));

  private static ClaimedJob job() {
    return new ClaimedJob(
        new JobId(UUID.randomUUID()),
        new TenantId(UUID.randomUUID()),
        1,
        3,
        new FetchRequest(
            "GET", URI.create("http://a.example/"), Map.of(), null, Duration.ofSeconds(5), false),
        RetryPolicy.DEFAULT);
  }

  @Test
  void undoesTheClaimThenAsksForTheSameAttemptAtTheDeferralTime() {
    ClaimedJob job = job();
    DeferAttempt defer =
        new DeferAttempt(
            (j, until) -> {
              released.add(until);
              return true;
            },
            followUps);

    boolean deferred = defer.defer(new Deferral(job, UNTIL, DeferralReason.BREAKER_OPEN));

    assertThat(deferred).isTrue();
    assertThat(released).containsExactly(UNTIL);
    assertThat(published)
        .containsExactly(new FollowUp.Retry(job.jobId(), job.tenantId(), 1, 3, UNTIL));
  }

  @Test
  void publishesNothingWhenTheClaimWasNoLongerHeld() {
    DeferAttempt defer = new DeferAttempt((j, until) -> false, followUps);

    assertThat(defer.defer(new Deferral(job(), UNTIL, DeferralReason.HOST_BUSY))).isFalse();
    assertThat(published).isEmpty();
  }

  @Test
  void reasonsHaveLowercaseWireNames() {
    assertThat(DeferralReason.BREAKER_OPEN.wireName()).isEqualTo("breaker_open");
    assertThat(DeferralReason.HOST_BUSY.wireName()).isEqualTo("host_busy");
  }
}
