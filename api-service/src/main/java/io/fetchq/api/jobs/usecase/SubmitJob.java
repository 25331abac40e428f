package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.domain.JobRequestRules;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.kernel.destinations.DestinationPolicy;
import io.fetchq.kernel.destinations.UrlHost;
import io.fetchq.kernel.ids.UuidV7;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Accepts a fetch job: refuses literal-IP destinations the policy forbids, takes one token from the
 * tenant's and the global rate limit, then stores the job and enqueues its first attempt in one
 * transaction, so an accepted job is never lost and never dispatched without being stored. Without
 * an idempotency key that transaction may be shared with concurrent submissions ({@link JobIntake},
 * group commit); with one, it is the key's.
 *
 * <p>The rate limit and the idempotency key are applied by {@link Admission}, as for a batch: a
 * retry of the same request with the same key answers the job it created. A job refused for its
 * destination costs no token and never uses the key up; a job refused for its rate stores nothing.
 */
public final class SubmitJob {

  static final String REFUSED_REASON =
      "refers to a loopback, private, link-local or otherwise non-public address;"
          + " such destinations are refused";

  private final JobRepository jobs;
  private final JobDispatches dispatches;
  private final JobIntake intake;
  private final DestinationScreen destinations;
  private final Clock clock;
  private final RandomGenerator random;
  private final Admission admission;
  private final JobMetrics metrics;

  /**
   * @param intake stores a job submitted without an idempotency key (group commit); with a key, the
   *     job is stored in the key's transaction through {@code jobs} and {@code dispatches}
   */
  public SubmitJob(
      JobRepository jobs,
      JobDispatches dispatches,
      JobIntake intake,
      DestinationPolicy destinations,
      Clock clock,
      RandomGenerator random,
      Admission admission,
      JobMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.dispatches = Objects.requireNonNull(dispatches, "dispatches");
    this.intake = Objects.requireNonNull(intake, "intake");
    this.destinations = new DestinationScreen(destinations);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.admission = Objects.requireNonNull(admission, "admission");
  }

  /** Accepts {@code command}'s job, or says why it is refused (nothing stored then). */
  public SubmitOutcome submit(SubmitJobCommand command) {
    // The URL is parsed once here: its host serves the destination check and the politeness key.
    String host = JobRequestRules.hostOf(command.request().url());
    Optional<SubmitOutcome> refused = refusedDestination(command.request(), host);
    if (refused.isPresent()) {
      return refused.get();
    }
    // Milliseconds are what the API shows and what UUIDv7 encodes; keep stored and shown equal.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Job job =
        Job.accept(JobId.newId(now, random), command.tenantId(), null, command.request(), now);
    FetchJobMessage firstAttempt =
        FetchJobMessage.firstAttempt(
            UuidV7.generate(now, random),
            job.id().value(),
            job.tenantId().value(),
            now,
            UrlHost.keyOf(host));
    AdmissionOutcome admitted =
        admission.admit(
            command.tenantId(),
            1,
            command.idempotency(),
            job.id().value(),
            () -> {
              jobs.add(job);
              dispatches.enqueue(firstAttempt);
            },
            () -> intake.store(job, firstAttempt));
    return switch (admitted) {
      case AdmissionOutcome.Stored stored -> {
        metrics.accepted(JobMetrics.Source.JOB, 1);
        yield new SubmitOutcome.Accepted(job);
      }
      case AdmissionOutcome.Replayed replayed -> {
        metrics.replayed(JobMetrics.Source.JOB, 1);
        yield new SubmitOutcome.Replayed(
            jobs.find(command.tenantId(), new JobId(replayed.resourceId()))
                .orElseThrow(
                    () -> new IllegalStateException("an idempotency key names a missing job")));
      }
      case AdmissionOutcome.KeyReused reused -> new SubmitOutcome.KeyReused(reused.key());
      case AdmissionOutcome.KeyInFlight inFlight -> new SubmitOutcome.KeyInFlight(inFlight.key());
      case AdmissionOutcome.RateLimited limited ->
          new SubmitOutcome.RateLimited(limited.decision());
    };
  }

  private Optional<SubmitOutcome> refusedDestination(JobRequest request, String host) {
    return destinations.refusedFields(request, host).stream()
        .findFirst()
        .map(field -> new SubmitOutcome.DestinationRefused(field, REFUSED_REASON));
  }
}
