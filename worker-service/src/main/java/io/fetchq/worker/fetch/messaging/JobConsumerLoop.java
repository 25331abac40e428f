package io.fetchq.worker.fetch.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ClaimResult;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.domain.JobError;
import io.fetchq.worker.fetch.usecase.ClaimAttempts;
import io.fetchq.worker.fetch.usecase.PublishFollowUp;
import io.fetchq.worker.fetch.usecase.RunFetchAttempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;

/**
 * The worker's consumer loop. One platform thread owns the Kafka consumer: it polls, claims the
 * whole batch in one statement, and starts one virtual thread per claimed attempt, never more than
 * {@code maxInFlight} at once (an attempt counts until its outcome is durable). Attempts finish in
 * any order; an offset is committed only when every record before it in its partition is finished,
 * and a record is finished only once its outcome is durable in PostgreSQL (or it needed no work:
 * stale or undecodable). When the in-flight limit is reached every assigned partition is paused, so
 * at most {@code maxInFlight} attempts plus one poll's records are held in memory.
 */
public final class JobConsumerLoop implements SmartLifecycle {

  /**
   * Tuning.
   *
   * @param topic the jobs topic
   * @param maxInFlight attempts running or awaiting their durable outcome at once
   * @param pollTimeout longest poll; also the longest delay before a finished offset is committed
   * @param commitInterval shortest interval between two asynchronous commits
   * @param revocationGrace how long a revoked partition's running attempts are waited for
   * @param shutdownGrace how long {@link #stop()} waits for running attempts
   * @param earlyTolerance a message due further than this in the future is not claimed but handed
   *     back to the retry tier that fits (normally only the tier forwarder hands messages over,
   *     when due); one due sooner is claimed and its fetch waits for the due time
   */
  public record Settings(
      String topic,
      int maxInFlight,
      Duration pollTimeout,
      Duration commitInterval,
      Duration revocationGrace,
      Duration shutdownGrace,
      Duration earlyTolerance) {

    public Settings {
      Objects.requireNonNull(topic, "topic");
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be >= 1");
      }
      Objects.requireNonNull(pollTimeout, "pollTimeout");
      Objects.requireNonNull(commitInterval, "commitInterval");
      Objects.requireNonNull(revocationGrace, "revocationGrace");
      Objects.requireNonNull(shutdownGrace, "shutdownGrace");
      Objects.requireNonNull(earlyTolerance, "earlyTolerance");
    }
  }

  private static final Logger log = LoggerFactory.getLogger(JobConsumerLoop.class);

  private record Position(TopicPartition partition, long offset) {}

  /** What a unit of work does. */
  private enum Kind {
    /** Fetch a claimed attempt. */
    FETCH,
    /** Publish the follow-up of an attempt whose outcome is recorded (repair). */
    REPAIR,
    /** Hand an early message back to a retry tier. */
    DEFER
  }

  /** A unit of work for one attempt and every record (normally one) asking for it. */
  private static final class Job {
    final Kind kind;
    final AttemptRef ref;
    final ClaimedJob claimed;
    final FollowUp followUp;
    final Instant dueAt;
    final List<Position> positions = new ArrayList<>(1);

    private Job(
        Kind kind,
        AttemptRef ref,
        ClaimedJob claimed,
        FollowUp followUp,
        Instant dueAt,
        Position first) {
      this.kind = kind;
      this.ref = ref;
      this.claimed = claimed;
      this.followUp = followUp;
      this.dueAt = dueAt;
      positions.add(first);
    }

    static Job fetch(ClaimedJob claimed, Instant dueAt, Position first) {
      return new Job(Kind.FETCH, claimed.ref(), claimed, null, dueAt, first);
    }

    static Job publish(Kind kind, AttemptRef ref, FollowUp followUp, Position first) {
      return new Job(kind, ref, null, followUp, null, first);
    }

    TopicPartition partition() {
      return positions.getFirst().partition();
    }
  }

  private record Completion(Job job, FetchOutcome outcome, Throwable failure) {}

  /**
   * One polled record: its position and the message it carries.
   *
   * @param message the decoded message, or null when unusable
   */
  private record Entry(Position position, FetchJobMessageDecoder.Decoded.Job message) {}

  private final Supplier<Consumer<String, byte[]>> consumers;
  private final FetchJobMessageDecoder decoder;
  private final ClaimAttempts claimAttempts;
  private final RunFetchAttempt runFetchAttempt;
  private final PublishFollowUp publishFollowUp;
  private final Clock clock;
  private final Runnable beforeStart;
  private final Settings settings;
  private final MeterRegistry meters;

  // shared with job threads
  private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LoopThread loop = new LoopThread("fetchq-job-consumer");

  // owned by the loop thread
  private final OffsetTracker offsets = new OffsetTracker();
  private final ArrayDeque<Job> backlog = new ArrayDeque<>();
  private final Map<AttemptRef, Job> active = new HashMap<>();
  private final Map<TopicPartition, Integer> runningByPartition = new HashMap<>();
  private Consumer<String, byte[]> consumer;
  private long lastCommitNanos;
  private long claimBackoffMillis;

  /**
   * @param consumers creates the consumer (called once, on the loop thread)
   * @param beforeStart runs in {@link #start()} before polling begins (topic creation); may throw
   */
  public JobConsumerLoop(
      Supplier<Consumer<String, byte[]>> consumers,
      ObjectMapper json,
      ClaimAttempts claimAttempts,
      RunFetchAttempt runFetchAttempt,
      PublishFollowUp publishFollowUp,
      Clock clock,
      Runnable beforeStart,
      Settings settings,
      MeterRegistry meters) {
    this.consumers = Objects.requireNonNull(consumers, "consumers");
    this.decoder = new FetchJobMessageDecoder(json);
    this.claimAttempts = Objects.requireNonNull(claimAttempts, "claimAttempts");
    this.runFetchAttempt = Objects.requireNonNull(runFetchAttempt, "runFetchAttempt");
    this.publishFollowUp = Objects.requireNonNull(publishFollowUp, "publishFollowUp");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.beforeStart = Objects.requireNonNull(beforeStart, "beforeStart");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.meters = Objects.requireNonNull(meters, "meters");
    Gauge.builder("fetchq.worker.in.flight", inFlight, AtomicInteger::get)
        .description("Attempts running or awaiting their durable outcome")
        .register(meters);
  }

  /** Attempts running or awaiting their durable outcome. */
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public void start() {
    if (loop.isRunning()) {
      return;
    }
    beforeStart.run();
    loop.start(this::runLoop);
  }

  @Override
  public void stop() {
    loop.stop(settings.shutdownGrace().plusSeconds(15));
  }

  @Override
  public void stop(Runnable callback) {
    loop.requestStop();
    if (!loop.wasStarted()) {
      callback.run();
      return;
    }
    Thread.ofVirtual()
        .name("fetchq-job-consumer-stop")
        .start(
            () -> {
              stop();
              callback.run();
            });
  }

  @Override
  public boolean isRunning() {
    return loop.isRunning();
  }

  private void runLoop() {
    Consumer<String, byte[]> c;
    try {
      c = consumers.get();
    } catch (RuntimeException e) {
      loop.requestStop();
      log.error("job consumer could not be created error={}", e.toString(), e);
      return;
    }
    consumer = c;
    try {
      c.subscribe(List.of(settings.topic()), new Rebalance());
      log.info(
          "job consumer started topic={} maxInFlight={}", settings.topic(), settings.maxInFlight());
      while (loop.isRunning()) {
        try {
          iterate();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (KafkaException | IllegalStateException e) {
          log.error("job consumer iteration failed error={}", e.toString(), e);
          awaitCompletions(Duration.ofSeconds(1));
        }
      }
      shutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("job consumer stopped unexpectedly error={}", e.toString(), e);
    } finally {
      try {
        c.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        log.warn("closing the job consumer failed error={}", e.toString());
      }
      consumer = null;
      log.info("job consumer stopped inFlight={}", inFlight.get());
    }
  }

  private void iterate() throws InterruptedException {
    drainCompletions();
    startFromBacklog();
    boolean saturated = inFlight.get() >= settings.maxInFlight() || !backlog.isEmpty();
    if (saturated) {
      consumer.pause(consumer.assignment());
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
    commitIfDue();
    ConsumerRecords<String, byte[]> records;
    if (saturated) {
      awaitCompletions(settings.pollTimeout());
      records = consumer.poll(Duration.ZERO);
    } else {
      records = consumer.poll(settings.pollTimeout());
    }
    if (!records.isEmpty()) {
      handle(records);
    }
  }

  private void handle(ConsumerRecords<String, byte[]> records) throws InterruptedException {
    List<Entry> entries = new ArrayList<>(records.count());
    Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    Set<AttemptRef> toClaim = new LinkedHashSet<>();
    Instant claimableUntil = clock.instant().plus(settings.earlyTolerance());
    for (ConsumerRecord<String, byte[]> record : records) {
      Position position =
          new Position(new TopicPartition(record.topic(), record.partition()), record.offset());
      firstOffsets.putIfAbsent(position.partition(), record.offset());
      switch (decoder.decode(record)) {
        case FetchJobMessageDecoder.Decoded.Job job -> {
          entries.add(new Entry(position, job));
          if (!active.containsKey(job.ref()) && !early(job, claimableUntil)) {
            toClaim.add(job.ref());
          }
        }
        case FetchJobMessageDecoder.Decoded.Poison poison -> {
          log.warn(
              "skipping unusable job record topic={} partition={} offset={} reason={}",
              record.topic(),
              record.partition(),
              record.offset(),
              poison.reason());
          entries.add(new Entry(position, null));
        }
      }
    }
    Map<AttemptRef, ClaimResult> claimed;
    try {
      claimed = new HashMap<>(claimAttempts.claim(toClaim));
      claimBackoffMillis = 0;
    } catch (RuntimeException e) {
      claimBackoffMillis = Math.min(Math.max(100, claimBackoffMillis * 2), 5_000);
      log.warn(
          "claim failed, re-reading the batch records={} backoffMs={} error={}",
          records.count(),
          claimBackoffMillis,
          e.toString());
      firstOffsets.forEach(consumer::seek);
      awaitCompletions(Duration.ofMillis(claimBackoffMillis));
      return;
    }
    for (Entry entry : entries) {
      dispatch(entry, claimed, claimableUntil);
    }
    startFromBacklog();
  }

  private static boolean early(FetchJobMessageDecoder.Decoded.Job job, Instant claimableUntil) {
    return job.notBefore() != null && job.notBefore().isAfter(claimableUntil);
  }

  private void dispatch(Entry entry, Map<AttemptRef, ClaimResult> claimed, Instant claimableUntil) {
    Position position = entry.position();
    offsets.track(position.partition(), position.offset());
    FetchJobMessageDecoder.Decoded.Job message = entry.message();
    if (message == null) {
      finishUnused(position, "poison");
      return;
    }
    AttemptRef ref = message.ref();
    Job existing = active.get(ref);
    if (existing != null) {
      // the same attempt is already handled here: finish this record with it, do the work once
      existing.positions.add(position);
      return;
    }
    Job created;
    if (early(message, claimableUntil)) {
      created =
          Job.publish(
              Kind.DEFER,
              ref,
              new FollowUp.Retry(
                  ref.jobId(),
                  message.tenantId(),
                  ref.generation(),
                  ref.attempt(),
                  message.notBefore()),
              position);
    } else {
      ClaimResult result = claimed.remove(ref);
      switch (result) {
        case ClaimResult.Claimed c -> created = Job.fetch(c.job(), message.notBefore(), position);
        case ClaimResult.FollowUpPending pending -> {
          log.info(
              "attempt outcome recorded but its follow-up may be missing, publishing it again"
                  + " jobId={} generation={} attempt={}",
              ref.jobId(),
              ref.generation(),
              ref.attempt());
          created = Job.publish(Kind.REPAIR, ref, pending.followUp(), position);
        }
        case ClaimResult.Stale stale -> {
          log.debug(
              "skipping stale job message jobId={} generation={} attempt={}",
              ref.jobId(),
              ref.generation(),
              ref.attempt());
          finishUnused(position, "stale");
          return;
        }
        case null -> {
          finishUnused(position, "stale");
          return;
        }
      }
    }
    active.put(ref, created);
    backlog.add(created);
  }

  private void finishUnused(Position position, String reason) {
    offsets.finish(position.partition(), position.offset());
    Counter.builder("fetchq.worker.messages.skipped")
        .description("Job records that needed no fetch")
        .tag("reason", reason)
        .register(meters)
        .increment();
  }

  private void startFromBacklog() {
    while (!backlog.isEmpty() && inFlight.get() < settings.maxInFlight()) {
      Job job = backlog.poll();
      inFlight.incrementAndGet();
      runningByPartition.merge(job.partition(), 1, Integer::sum);
      Thread.ofVirtual().name("fetchq-fetch").start(() -> execute(job));
    }
  }

  /** Runs on the job's virtual thread. */
  private void execute(Job job) {
    AttemptRef ref = job.ref;
    MDC.put("jobId", ref.jobId().toString());
    MDC.put("attempt", Integer.toString(ref.attempt()));
    try {
      FetchOutcome outcome = null;
      switch (job.kind) {
        case FETCH -> {
          MDC.put("tenantId", job.claimed.tenantId().toString());
          awaitDue(job.dueAt);
          outcome = runFetchAttempt.run(job.claimed, job.dueAt);
        }
        case REPAIR, DEFER -> publishFollowUp.publish(job.followUp);
      }
      completions.add(new Completion(job, outcome, null));
    } catch (RuntimeException e) {
      completions.add(new Completion(job, null, e));
    } finally {
      MDC.clear();
    }
  }

  /** A claimed message may be due up to {@code earlyTolerance} from now: never start early. */
  private void awaitDue(Instant dueAt) {
    if (dueAt == null) {
      return;
    }
    Duration wait = Duration.between(clock.instant(), dueAt);
    if (wait.isPositive()) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void awaitCompletions(Duration timeout) throws InterruptedException {
    Completion first = completions.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (first != null) {
      apply(first);
      drainCompletions();
    }
  }

  private void drainCompletions() {
    Completion completion;
    while ((completion = completions.poll()) != null) {
      apply(completion);
    }
  }

  private void apply(Completion completion) {
    Job job = completion.job();
    inFlight.decrementAndGet();
    runningByPartition.computeIfPresent(job.partition(), (p, n) -> n > 1 ? n - 1 : null);
    active.remove(job.ref, job);
    if (completion.failure() != null) {
      log.warn(
          "work not finished, its offset stays uncommitted kind={} jobId={} attempt={} error={}",
          job.kind,
          job.ref.jobId(),
          job.ref.attempt(),
          completion.failure().toString());
      return;
    }
    for (Position position : job.positions) {
      offsets.finish(position.partition(), position.offset());
    }
    switch (job.kind) {
      case FETCH -> {
        FetchOutcome outcome = completion.outcome();
        Counter.builder("fetchq.worker.attempts")
            .description("Attempts whose outcome was recorded, by outcome and error type")
            .tag("outcome", outcome.status().wireName())
            .tag("error", outcome.lastError().map(JobError::type).orElse("none"))
            .register(meters)
            .increment();
      }
      case REPAIR ->
          Counter.builder("fetchq.worker.follow.up.repairs")
              .description("Follow-up messages published again for a redelivered attempt")
              .tag("kind", job.followUp instanceof FollowUp.DeadLetter ? "dead_letter" : "retry")
              .register(meters)
              .increment();
      case DEFER ->
          Counter.builder("fetchq.worker.messages.deferred")
              .description("Job messages handed back to a retry tier because they came early")
              .register(meters)
              .increment();
    }
  }

  private void commitIfDue() {
    long now = System.nanoTime();
    if (now - lastCommitNanos < settings.commitInterval().toNanos()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> pending = offsets.toCommit();
    if (pending.isEmpty()) {
      return;
    }
    lastCommitNanos = now;
    offsets.committed(pending);
    consumer.commitAsync(
        pending,
        (committed, failure) -> {
          if (failure != null) {
            log.warn("offset commit failed, will retry error={}", failure.toString());
            offsets.commitFailed(pending);
          }
        });
  }

  private void commitNow(Map<TopicPartition, OffsetAndMetadata> positions) {
    if (positions.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(positions, Duration.ofSeconds(10));
      offsets.committed(positions);
    } catch (KafkaException e) {
      log.warn("final offset commit failed, records will be redelivered error={}", e.toString());
    }
  }

  private int runningOn(Set<TopicPartition> partitions) {
    return partitions.stream().mapToInt(p -> runningByPartition.getOrDefault(p, 0)).sum();
  }

  private int dropBacklog(Collection<TopicPartition> partitions) {
    int before = backlog.size();
    backlog.removeIf(
        job -> {
          boolean drop = partitions.contains(job.partition());
          if (drop) {
            active.remove(job.ref, job);
          }
          return drop;
        });
    return before - backlog.size();
  }

  private void awaitRunning(Set<TopicPartition> partitions, Duration grace)
      throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    while (runningOn(partitions) > 0) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return;
      }
      awaitCompletions(Duration.ofNanos(remaining));
    }
    drainCompletions();
  }

  private void shutdown() throws InterruptedException {
    Set<TopicPartition> assigned = Set.copyOf(consumer.assignment());
    consumer.pause(assigned);
    int dropped = dropBacklog(assigned);
    awaitRunning(assigned, settings.shutdownGrace());
    commitNow(offsets.positions(assigned));
    log.info("job consumer stopping droppedUnstarted={} stillInFlight={}", dropped, inFlight.get());
  }

  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Set<TopicPartition> revoked = Set.copyOf(partitions);
      int dropped = dropBacklog(revoked);
      try {
        awaitRunning(revoked, settings.revocationGrace());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      commitNow(offsets.positions(revoked));
      log.info(
          "partitions revoked partitions={} droppedUnstarted={} stillRunning={}",
          revoked,
          dropped,
          runningOn(revoked));
      offsets.forget(revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      int dropped = dropBacklog(partitions);
      offsets.forget(partitions);
      log.warn("partitions lost partitions={} droppedUnstarted={}", partitions, dropped);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      log.info("partitions assigned partitions={}", partitions);
    }
  }
}
