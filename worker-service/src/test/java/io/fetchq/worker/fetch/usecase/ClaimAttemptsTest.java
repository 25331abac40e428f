package io.fetchq.worker.fetch.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.kernel.jobs.RetryPolicy;
import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ClaimResult;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.domain.JobId;
import io.fetchq.worker.fetch.domain.TenantId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClaimAttemptsTest {

  private static final TenantId TENANT = new TenantId(UUID.randomUUID());
  private static final Instant DUE = Instant.parse("2026-11-22T10:00:00Z");

  private static AttemptRef ref(int attempt) {
    return AttemptRef.of(new JobId(UUID.randomUUID()), attempt);
  }

  private static ClaimResult.Claimed claimed(AttemptRef ref) {
    return new ClaimResult.Claimed(
        new ClaimedJob(
            ref.jobId(),
            TENANT,
            ref.generation(),
            ref.attempt(),
            new FetchRequest(
                "GET",
                URI.create("https://example.org/"),
                Map.of(),
                null,
                Duration.ofSeconds(1),
                false),
            RetryPolicy.DEFAULT,
            DUE));
  }

  private static ClaimResult.FollowUpPending pending(AttemptRef ref) {
    return new ClaimResult.FollowUpPending(
        ref,
        new FollowUp.Retry(
            ref.jobId(), TENANT, ref.generation(), ref.attempt() + 1, DUE, "example.org"));
  }

  @Test
  void mapsEveryDistinctAttemptToClaimedPendingOrStale() {
    AttemptRef fresh = ref(1);
    AttemptRef repaired = ref(2);
    AttemptRef stale = ref(1);
    List<List<AttemptRef>> calls = new ArrayList<>();
    ClaimAttempts claim =
        new ClaimAttempts(
            attempts -> {
              calls.add(attempts);
              return List.of(pending(repaired), claimed(fresh));
            });

    Map<AttemptRef, ClaimResult> results = claim.claim(List.of(fresh, repaired, stale, fresh));

    assertThat(calls).containsExactly(List.of(fresh, repaired, stale));
    assertThat(results.keySet()).containsExactly(fresh, repaired, stale);
    assertThat(results.get(fresh)).isEqualTo(claimed(fresh));
    assertThat(results.get(repaired)).isEqualTo(pending(repaired));
    assertThat(results.get(stale)).isEqualTo(new ClaimResult.Stale(stale));
  }

  @Test
  void aPendingFollowUpIsStaleWhenTheSameBatchClaimedALaterAttempt() {
    AttemptRef second = ref(2);
    AttemptRef third = second.next();
    ClaimAttempts claim = new ClaimAttempts(attempts -> List.of(pending(second), claimed(third)));

    Map<AttemptRef, ClaimResult> results = claim.claim(List.of(second, third));

    assertThat(results.get(second)).isEqualTo(new ClaimResult.Stale(second));
    assertThat(results.get(third)).isInstanceOf(ClaimResult.Claimed.class);
  }

  @Test
  void skipsTheStoreForAnEmptyBatch() {
    List<List<AttemptRef>> calls = new ArrayList<>();
    ClaimAttempts claim =
        new ClaimAttempts(
            attempts -> {
              calls.add(attempts);
              return List.of();
            });

    assertThat(claim.claim(List.of())).isEmpty();
    assertThat(calls).isEmpty();
  }
}
