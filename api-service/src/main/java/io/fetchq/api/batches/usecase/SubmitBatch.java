package io.fetchq.api.batches.usecase;

import io.fetchq.api.batches.domain.Batch;
import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.batches.domain.BatchProgress;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.domain.JobRequestRules;
import io.fetchq.api.jobs.usecase.Admission;
import io.fetchq.api.jobs.usecase.AdmissionOutcome;
import io.fetchq.api.jobs.usecase.DestinationScreen;
import io.fetchq.api.jobs.usecase.JobDispatches;
import io.fetchq.api.jobs.usecase.JobMetrics;
import io.fetchq.api.jobs.usecase.JobRepository;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.kernel.destinations.UrlHost;
import io.fetchq.kernel.ids.UuidV7;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Accepts a batch of jobs all or nothing: refuses it when any URL's host is a literal IP address
 * the destination policy forbids (reporting every such URL), otherwise stores the batch, its jobs
 * and their first attempts' messages in one transaction, written in bulk.
 *
 * <p>The jobs' UUIDv7 ids are drawn for the same millisecond and handed out in ascending order, so
 * the ids follow submission order: job 0 has the smallest id, and a listing of the batch newest
 * first shows the last submitted job first.
 *
 * <p>A batch of N jobs costs N tokens of the tenant's and the global rate limit, and takes an
 * idempotency key exactly as a single job does ({@code SubmitJob}): the key is looked up first (a
 * replay, 409 or 422 costs nothing), the tokens are taken inside the key's transaction, and a
 * refusal rolls the key back.
 */
public final class SubmitBatch {

  private final BatchRepository batches;
  private final JobRepository jobs;
  private final JobDispatches dispatches;
  private final DestinationScreen destinations;
  private final Clock clock;
  private final RandomGenerator random;
  private final Admission admission;
  private final JobMetrics metrics;

  public SubmitBatch(
      BatchRepository batches,
      JobRepository jobs,
      JobDispatches dispatches,
      DestinationScreen destinations,
      Clock clock,
      RandomGenerator random,
      Admission admission) {
    this(batches, jobs, dispatches, destinations, clock, random, admission, JobMetrics.NONE);
  }

  public SubmitBatch(
      BatchRepository batches,
      JobRepository jobs,
      JobDispatches dispatches,
      DestinationScreen destinations,
      Clock clock,
      RandomGenerator random,
      Admission admission,
      JobMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.batches = Objects.requireNonNull(batches, "batches");
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.dispatches = Objects.requireNonNull(dispatches, "dispatches");
    this.destinations = Objects.requireNonNull(destinations, "destinations");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.admission = Objects.requireNonNull(admission, "admission");
  }

  /** Accepts {@code command}'s batch, or says why it is refused (nothing stored then). */
  public SubmitBatchOutcome submit(SubmitBatchCommand command) {
    // Each URL is parsed once here: its host serves the destination check and the politeness key.
    List<String> hosts =
        command.jobs().stream().map(request -> JobRequestRules.hostOf(request.url())).toList();
    List<SubmitBatchOutcome.RefusedDestination> refused = refusedDestinations(command, hosts);
    if (!refused.isEmpty()) {
      return new SubmitBatchOutcome.DestinationsRefused(refused);
    }
    // Milliseconds are what the API shows and what UUIDv7 encodes; keep stored and shown equal.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Batch batch =
        new Batch(
            BatchId.newId(now, random),
            command.tenantId(),
            command.jobs().size(),
            command.callbackUrl(),
            now);
    List<JobId> ids = ascendingIds(command.jobs().size(), now);
    List<Job> accepted = new ArrayList<>(ids.size());
    List<FetchJobMessage> firstAttempts = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      JobRequest request = command.jobs().get(i);
      Job job = Job.accept(ids.get(i), command.tenantId(), batch.id().value(), request, now);
      accepted.add(job);
      firstAttempts.add(
          FetchJobMessage.firstAttempt(
              UuidV7.generate(now, random),
              job.id().value(),
              job.tenantId().value(),
              now,
              UrlHost.keyOf(hosts.get(i))));
    }
    AdmissionOutcome admitted =
        admission.admit(
            command.tenantId(),
            command.cost(),
            command.idempotency(),
            batch.id().value(),
            () -> {
              batches.add(batch);
              jobs.addAll(accepted);
              dispatches.enqueueAll(firstAttempts);
            });
    return switch (admitted) {
      case AdmissionOutcome.Stored stored -> {
        metrics.accepted(JobMetrics.Source.BATCH, accepted.size());
        yield new SubmitBatchOutcome.Accepted(batch, accepted);
      }
      case AdmissionOutcome.Replayed replayed -> {
        SubmitBatchOutcome.Replayed again = replay(command, new BatchId(replayed.resourceId()));
        metrics.replayed(JobMetrics.Source.BATCH, again.jobIds().size());
        yield again;
      }
      case AdmissionOutcome.KeyReused reused -> new SubmitBatchOutcome.KeyReused(reused.key());
      case AdmissionOutcome.KeyInFlight inFlight ->
          new SubmitBatchOutcome.KeyInFlight(inFlight.key());
      case AdmissionOutcome.RateLimited limited ->
          new SubmitBatchOutcome.RateLimited(limited.decision());
    };
  }

  private SubmitBatchOutcome.Replayed replay(SubmitBatchCommand command, BatchId id) {
    BatchProgress progress =
        batches
            .progress(command.tenantId(), id)
            .orElseThrow(
                () -> new IllegalStateException("an idempotency key names a missing batch"));
    return new SubmitBatchOutcome.Replayed(progress, batches.jobIds(command.tenantId(), id));
  }

  /** Every refused URL of the batch ({@code hosts}: each job's URL host), in request order. */
  private List<SubmitBatchOutcome.RefusedDestination> refusedDestinations(
      SubmitBatchCommand command, List<String> hosts) {
    List<SubmitBatchOutcome.RefusedDestination> refused = new ArrayList<>();
    for (int i = 0; i < command.jobs().size(); i++) {
      for (String field : destinations.refusedFields(command.jobs().get(i), hosts.get(i))) {
        refused.add(refusal(i, field));
      }
    }
    if (command.callbackUrl() != null && !destinations.permits(command.callbackUrl())) {
      refused.add(
          new SubmitBatchOutcome.RefusedDestination(
              List.of("callbackUrl"), DestinationScreen.REFUSED_REASON));
    }
    return refused;
  }

  private static SubmitBatchOutcome.RefusedDestination refusal(int job, String field) {
    return new SubmitBatchOutcome.RefusedDestination(
        List.of("jobs", Integer.toString(job), field), DestinationScreen.REFUSED_REASON);
  }

  /** {@code count} distinct UUIDv7 ids of millisecond {@code now}, in ascending order. */
  private List<JobId> ascendingIds(int count, Instant now) {
    List<UUID> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(UuidV7.generate(now, random));
    }
    ids.sort(UNSIGNED);
    return ids.stream().map(JobId::new).toList();
  }

  /** The order PostgreSQL sorts uuid values in: unsigned, byte by byte. */
  static final Comparator<UUID> UNSIGNED =
      Comparator.comparing((UUID id) -> id.getMostSignificantBits(), Long::compareUnsigned)
          .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);
}
