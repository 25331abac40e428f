package io.fetchq.worker.fetch.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.usecase.ClaimAttempts;
import io.fetchq.worker.fetch.usecase.RunFetchAttempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
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
   */
  public record Settings(
      String topic,
      int maxInFlight,
      Duration pollTimeout,
      Duration commitInterval,
      Duration revocationGrace,
      Duration shutdownGrace) {

    public Settings {
      Objects.requireNonNull(topic, "topic");
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight must be >= 1");
      }
      Objects.requireNonNull(pollTimeout, "pollTimeout");
      Objects.requireNonNull(commitInterval, "commitInterval");
      Objects.requireNonNull(revocationGrace, "revocationGrace");
      Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    }
  }

  private static final Logger log = LoggerFactory.getLogger(JobConsumerLoop.class);

  private record Position(TopicPartition partition, long offset) {}

  /** A claimed attempt and every record (normally one) asking for it. */
  private static final class Job {
    final ClaimedJob claimed;
    final List<Position> positions = new ArrayList<>(1);

    Job(ClaimedJob claimed, Position first) {
      this.claimed = claimed;
      positions.add(first);
    }

    TopicPartition partition() {
      return positions.getFirst().partition();
    }
  }

  private record Completion(Job job, FetchOutcome outcome, Throwable failure) {}

  /** One polled record: its position and the attempt it asks for (null when unusable). */
  private record Entry(Position position, AttemptRef ref) {}

  private final Supplier<Consumer<String, byte[]>> consumers;
  private final FetchJobMessageDecoder decoder;
  private final ClaimAttempts claimAttempts;
  private final RunFetchAttempt runFetchAttempt;
  private final Runnable beforeStart;
  private final Settings settings;
  private final MeterRegistry meters;

  // shared with job threads
  private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean running;
  private volatile Thread thread;

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
      Runnable beforeStart,
      Settings settings,
      MeterRegistry meters) {
    this.consumers = Objects.requireNonNull(consumers, "consumers");
    this.decoder = new FetchJobMessageDecoder(json);
    this.claimAttempts = Objects.requireNonNull(claimAttempts, "claimAttempts");
    this.runFetchAttempt = Objects.requireNonNull(runFetchAttempt, "runFetchAttempt");
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
    if (running) {
      return;
    }
    beforeStart.run();
    running = true;
    Thread loop = Thread.ofPlatform().name("fetchq-job-consumer").unstarted(this::runLoop);
    thread = loop;
    loop.start();
  }

  @Override
  public void stop() {
    running = false;
    Thread loop = thread;
    if (loop != null) {
      try {
        loop.join(settings.shutdownGrace().plusSeconds(15));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void stop(Runnable callback) {
    running = false;
    Thread loop = thread;
    if (loop == null) {
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
    return running;
  }

  private void runLoop() {
    Consumer<String, byte[]> c;
    try {
      c = consumers.get();
    } catch (RuntimeException e) {
      running = false;
      log.error("job consumer could not be created error={}", e.toString(), e);
      return;
    }
    consumer = c;
    try {
      c.subscribe(List.of(settings.topic()), new Rebalance());
      log.info(
          "job consumer started topic={} maxInFlight={}", settings.topic(), settings.maxInFlight());
      while (running) {
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
    Set<AttemptRef> toClaim = new HashSet<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      Position position =
          new Position(new TopicPartition(record.topic(), record.partition()), record.offset());
      firstOffsets.putIfAbsent(position.partition(), record.offset());
      switch (decoder.decode(record)) {
        case FetchJobMessageDecoder.Decoded.Job job -> {
          entries.add(new Entry(position, job.ref()));
          if (!active.containsKey(job.ref())) {
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
    Map<AttemptRef, ClaimedJob> claimed = new HashMap<>();
    try {
      for (ClaimedJob job : claimAttempts.claim(List.copyOf(toClaim))) {
        claimed.put(job.ref(), job);
      }
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
      dispatch(entry, claimed);
    }
    startFromBacklog();
  }

  private void dispatch(Entry entry, Map<AttemptRef, ClaimedJob> claimed) {
    Position position = entry.position();
    offsets.track(position.partition(), position.offset());
    if (entry.ref() == null) {
      finishUnused(position, "poison");
      return;
    }
    Job existing = active.get(entry.ref());
    if (existing != null) {
      // the same attempt is already running here: finish this record with it, fetch once
      existing.positions.add(position);
      return;
    }
    ClaimedJob job = claimed.remove(entry.ref());
    if (job == null) {
      log.debug(
          "skipping stale job message jobId={} attempt={}",
          entry.ref().jobId(),
          entry.ref().attempt());
      finishUnused(position, "stale");
      return;
    }
    Job created = new Job(job, position);
    active.put(job.ref(), created);
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
    ClaimedJob claimed = job.claimed;
    CompletableFuture<FetchOutcome> outcome;
    MDC.put("jobId", claimed.jobId().toString());
    MDC.put("tenantId", claimed.tenantId().toString());
    MDC.put("attempt", Integer.toString(claimed.attempt()));
    try {
      outcome = runFetchAttempt.run(claimed);
    } catch (RuntimeException e) {
      outcome = CompletableFuture.failedFuture(e);
    } finally {
      MDC.clear();
    }
    outcome.whenComplete((done, failure) -> completions.add(new Completion(job, done, failure)));
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
    active.remove(job.claimed.ref(), job);
    if (completion.failure() != null) {
      log.warn(
          "attempt outcome not durable, its offset stays uncommitted jobId={} attempt={} error={}",
          job.claimed.jobId(),
          job.claimed.attempt(),
          completion.failure().toString());
      return;
    }
    for (Position position : job.positions) {
      offsets.finish(position.partition(), position.offset());
    }
    FetchOutcome outcome = completion.outcome();
    String error =
        outcome instanceof FetchOutcome.Failed failed ? failed.error().type().wireName() : "none";
    Counter.builder("fetchq.worker.attempts")
        .description("Attempts whose outcome was recorded, by outcome and error type")
        .tag("outcome", outcome.status().wireName())
        .tag("error", error)
        .register(meters)
        .increment();
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
            active.remove(job.claimed.ref(), job);
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
