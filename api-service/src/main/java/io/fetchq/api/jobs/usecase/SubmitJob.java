package io.fetchq.api.jobs.usecase;

import io.fetchq.api.idempotency.usecase.ExecuteIdempotently;
import io.fetchq.api.idempotency.usecase.IdempotencyOutcome;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.domain.JobRequestRules;
import io.fetchq.api.ratelimit.domain.RateLimitDecision;
import io.fetchq.api.ratelimit.usecase.RateLimiter;
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
 * transaction, so an accepted job is never lost and never dispatched without being stored.
 *
 * <p>With an idempotency key, that transaction also stores the key ({@link ExecuteIdempotently}): a
 * retry of the same request answers the job it created. The key is looked up first, so a replay, a
 * reused key (422) or a key in flight (409) costs no token; only a request that will create a job
 * takes one, inside the key's transaction, and a refusal rolls the key back with it. A job refused
 * for its destination costs no token and never uses the key up; a job refused for its rate stores
 * nothing. Tokens are not given back if storing fails afterwards.
 */
public final class SubmitJob {

  static final String REFUSED_REASON =
      "refers to a loopback, private, link-local or otherwise non-public address;"
          + " such destinations are refused";

  private final JobRepository jobs;
  private final JobDispatches dispatches;
  private final Transactions transactions;
  private final DestinationPolicy destinations;
  private final Clock clock;
  private final RandomGenerator random;
  private final ExecuteIdempotently idempotently;
  private final RateLimiter rateLimits;

  public SubmitJob(
      JobRepository jobs,
      JobDispatches dispatches,
      Transactions transactions,
      DestinationPolicy destinations,
      Clock clock,
      RandomGenerator random,
      ExecuteIdempotently idempotently,
      RateLimiter rateLimits) {
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.dispatches = Objects.requireNonNull(dispatches, "dispatches");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.destinations = Objects.requireNonNull(destinations, "destinations");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.idempotently = Objects.requireNonNull(idempotently, "idempotently");
    this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
  }

  /** Accepts {@code command}'s job, or says why it is refused (nothing stored then). */
  public SubmitOutcome submit(SubmitJobCommand command) {
    Optional<SubmitOutcome> refused = refusedDestination(command.request());
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
            UrlHost.key(command.request().url()));
    if (command.idempotency() == null) {
      RateLimitDecision rate = rateLimits.acquire(command.tenantId(), 1);
      if (!(rate instanceof RateLimitDecision.Granted)) {
        return new SubmitOutcome.RateLimited(rate);
      }
      return transactions.inTransaction(
          () -> {
            jobs.add(job);
            dispatches.enqueue(firstAttempt);
            return new SubmitOutcome.Accepted(job);
          });
    }
    IdempotencyOutcome outcome;
    try {
      outcome =
          idempotently.execute(
              command.tenantId(),
              command.idempotency(),
              () -> {
                RateLimitDecision rate = rateLimits.acquire(command.tenantId(), 1);
                if (!(rate instanceof RateLimitDecision.Granted)) {
                  throw new RateRefused(rate); // rolls the key back: it was never used
                }
                jobs.add(job);
                dispatches.enqueue(firstAttempt);
                return job.id().value();
              });
    } catch (RateRefused refusal) {
      return new SubmitOutcome.RateLimited(refusal.decision);
    }
    return switch (outcome) {
      case IdempotencyOutcome.Executed executed -> new SubmitOutcome.Accepted(job);
      case IdempotencyOutcome.Replayed replayed ->
          new SubmitOutcome.Replayed(
              jobs.find(command.tenantId(), new JobId(replayed.resourceId()))
                  .orElseThrow(
                      () -> new IllegalStateException("an idempotency key names a missing job")));
      case IdempotencyOutcome.KeyReused reused -> new SubmitOutcome.KeyReused(reused.key());
      case IdempotencyOutcome.InFlight inFlight -> new SubmitOutcome.KeyInFlight(inFlight.key());
    };
  }

  private Optional<SubmitOutcome> refusedDestination(JobRequest request) {
    if (!destinations.permitsHost(JobRequestRules.hostOf(request.url()))) {
      return Optional.of(new SubmitOutcome.DestinationRefused("url", REFUSED_REASON));
    }
    if (request.callbackUrl() != null
        && !destinations.permitsHost(JobRequestRules.hostOf(request.callbackUrl()))) {
      return Optional.of(new SubmitOutcome.DestinationRefused("callbackUrl", REFUSED_REASON));
    }
    return Optional.empty();
  }

  /** Unwinds the idempotency transaction when the rate limit refuses the job. */
  private static final class RateRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient RateLimitDecision decision;

    RateRefused(RateLimitDecision decision) {
      super(null, null, false, false);
      this.decision = decision;
    }
  }
}
