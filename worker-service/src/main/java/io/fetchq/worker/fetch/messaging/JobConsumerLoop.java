package io.fetchq.worker.fetch.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.contracts.jobs.v1.AwaitsRoomHeader;
import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ClaimResult;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.FetchOutcome;
import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.domain.JobError;
import io.fetchq.worker.fetch.domain.Retryability;
import io.fetchq.worker.fetch.domain.TenantId;
import io.fetchq.worker.fetch.usecase.ClaimAttempts;
import io.fetchq.worker.fetch.usecase.PublishFollowUp;
import io.fetchq.worker.fetch.usecase.RunFetchAttempt;
import io.fetchq.worker.messaging.HostLanes;
import io.fetchq.worker.messaging.LaneRoom;
import io.fetchq.worker.messaging.LoopThread;
import io.fetchq.worker.messaging.OffsetTracker;
import io.fetchq.worker.tracing.Tracing;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
 * stale or undecodable).
 *
 * <p>Politeness, decided on this thread before an attempt is claimed, from the host carried by the
 * message: at most {@code maxPerHost} attempts run against one host ({@link HostLanes}). A record
 * whose host is at its limit waits, unclaimed, in that host's lane and holds no global slot, so a
 * slow host never stops other hosts' jobs. Records also wait in their host's lane when every global
 * slot is taken, and freed slots go to the waiting hosts round-robin, so a saturated worker still
 * serves a host with one job promptly. At most {@code maxWaiting} records wait over all hosts;
 * beyond that a record of a host at its limit is handed back to a retry tier, due when its host's
 * queue should reach it ({@code host_busy}), and any other record pauses the partitions until there
 * is room. A record whose host's circuit breaker refuses the call is handed back too, due when the
 * breaker may half-open ({@code breaker_open}). Neither is claimed, so neither spends an attempt or
 * writes anything. Each finished fetch feeds its host's breaker: a retryable result is a failure,
 * anything else a success.
 *
 * <p>Claiming ahead: a host at its limit gets through {@code maxPerHost} attempts per fetch time at
 * best, and if each freed slot first waited for a claim round trip on this thread, one busy host
 * would get through at most {@code maxPerHost} attempts per loop iteration. So the first {@code
 * maxPerHost} records waiting for a host at its limit are claimed while they wait, in the same
 * statement as the attempts starting; a freed slot goes to a claimed record at once. Such a job
 * reads {@code running} up to one of its host's fetch times before its request goes out. On stop
 * such records are fetched within the shutdown grace like the running ones; on a rebalance they are
 * dropped, uncommitted, and the claim rule lets their next reader claim the same attempt again.
 *
 * <p>Memory: at most {@code maxInFlight} running attempts, {@code maxWaiting} waiting records (a
 * few hundred bytes each: ids and a host, never the request) and one poll's records.
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
   * @param maxPerHost attempts running at once against one host
   * @param maxWaiting records held, unclaimed, for hosts at their limit
   */
  public record Settings(
      String topic,
      int maxInFlight,
      Duration pollTimeout,
      Duration commitInterval,
      Duration revocationGrace,
      Duration shutdownGrace,
      Duration earlyTolerance,
      int maxPerHost,
      int maxWaiting) {

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
      if (maxPerHost < 1) {
        throw new IllegalArgumentException("maxPerHost must be >= 1");
      }
      if (maxWaiting < 0) {
        throw new IllegalArgumentException("maxWaiting must be >= 0");
      }
    }
  }

  private static final Logger log = LoggerFactory.getLogger(JobConsumerLoop.class);

  private record Position(TopicPartition partition, long offset) {}

  /** Why a record is handed back to a retry tier instead of being fetched now. */
  static final String EARLY = "early";

  static final String HOST_BUSY = "host_busy";
  static final String BREAKER_OPEN = "breaker_open";

  private static final AttributeKey<String> WORK = AttributeKey.stringKey("fetchq.work");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("fetchq.outcome");

  /**
   * While work waits for slots, the consumer is polled at most this often: completions wake the
   * loop far more often, and a poll per wake-up (fetch requests built for every partition) once
   * took a third of the loop thread on a one-host backlog. Also the longest wait for a completion
   * then.
   */
  private static final Duration WAITING_POLL = Duration.ofMillis(10);

  /** How often the room left in the lanes is offered to the retry tier forwarder. */
  private static final Duration ROOM_INTERVAL = Duration.ofMillis(200);

  /** What a unit of work does. */
  private enum Kind {
    /** Fetch an attempt: waits for its host, is claimed, then fetched. */
    FETCH,
    /** Publish the follow-up of an attempt whose outcome is recorded (repair). */
    REPAIR,
    /** Hand a message back to a retry tier (early, host busy, breaker open). */
    DEFER
  }

  /**
   * A unit of work for one attempt and every record (normally one) asking for it. A FETCH becomes a
   * REPAIR or DEFER when its claim or its host says so.
   */
  private static final class Job {
    Kind kind;
    final AttemptRef ref;
    final TenantId tenantId;
    final String host;

    /** When the attempt may start; null: at once. */
    final Instant dueAt;

    /** The trace context of the record's producer (root when it carried none). */
    final Context origin;

    final List<Position> positions = new ArrayList<>(1);
    ClaimedJob claimed;
    FollowUp followUp;
    String deferReason;
    Duration deferredFor;
    CircuitBreaker breaker;

    /** The host slot and breaker permission were given back when the fetch ended. */
    boolean hostReleased;

    /**
     * @param awaitedRoom the record was handed back for want of room at its host: its due time is
     *     that estimate, not a time before which the attempt must not run
     */
    Job(
        FetchJobMessageDecoder.Decoded.Job message,
        Position first,
        boolean awaitedRoom,
        Context origin) {
      this.kind = Kind.FETCH;
      this.origin = origin;
      this.ref = message.ref();
      this.tenantId = message.tenantId();
      this.host = message.host();
      this.dueAt = awaitedRoom ? null : message.notBefore();
      positions.add(first);
    }

    /**
     * Turns this work into handing the same attempt back to a retry tier, due at {@code until},
     * decided at {@code now}.
     */
    void defer(String reason, Instant until, Instant now) {
      kind = Kind.DEFER;
      deferReason = reason;
      deferredFor = Duration.between(now, until);
      followUp =
          new FollowUp.Retry(
              ref.jobId(),
              tenantId,
              ref.generation(),
              ref.attempt(),
              until,
              host,
              HOST_BUSY.equals(reason));
    }

    TopicPartition partition() {
      return positions.getFirst().partition();
    }
  }

  /**
   * What a job's virtual thread hands the loop: the end of its fetch ({@code fetchOnly}: the host
   * slot is free, the outcome not yet durable), or the end of its work.
   */
  private record Completion(Job job, FetchOutcome outcome, Throwable failure, boolean fetchOnly) {

    static Completion fetched(Job job, FetchOutcome outcome) {
      return new Completion(job, outcome, null, true);
    }

    static Completion finished(Job job, FetchOutcome outcome) {
      return new Completion(job, outcome, null, false);
    }

    static Completion failed(Job job, Throwable failure) {
      return new Completion(job, null, failure, false);
    }
  }

  private final Supplier<Consumer<String, byte[]>> consumers;
  private final FetchJobMessageDecoder decoder;
  private final ClaimAttempts claimAttempts;
  private final RunFetchAttempt runFetchAttempt;
  private final PublishFollowUp publishFollowUp;
  private final HostBreakers breakers;
  private final LaneRoom room;
  private final Clock clock;
  private final Runnable beforeStart;
  private final Settings settings;
  private final MeterRegistry meters;
  private final Tracing tracing;

  // shared with job threads
  private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger claimedAhead = new AtomicInteger();
  private final LoopThread loop = new LoopThread("fetchq-job-consumer");

  // owned by the loop thread
  private final OffsetTracker offsets = new OffsetTracker();
  // polled records not yet started nor waiting for their host, in log order
  private final ArrayDeque<Job> intake = new ArrayDeque<>();
  private final HostLanes<Job> lanes;
  // every attempt known here (in intake, waiting, running): a duplicate record joins its work
  private final Map<AttemptRef, Job> active = new HashMap<>();
  private final Map<TopicPartition, Integer> runningByPartition = new HashMap<>();
  // hosts whose lane or slots changed since the last claim: where claiming ahead may be due
  private final Set<String> touchedHosts = new LinkedHashSet<>();
  private Consumer<String, byte[]> consumer;
  private long lastCommitNanos;
  private long lastPollNanos;
  private long lastRoomNanos;
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
      HostBreakers breakers,
      LaneRoom room,
      Clock clock,
      Runnable beforeStart,
      Settings settings,
      MeterRegistry meters,
      Tracing tracing) {
    this.consumers = Objects.requireNonNull(consumers, "consumers");
    this.decoder = new FetchJobMessageDecoder(json);
    this.claimAttempts = Objects.requireNonNull(claimAttempts, "claimAttempts");
    this.runFetchAttempt = Objects.requireNonNull(runFetchAttempt, "runFetchAttempt");
    this.publishFollowUp = Objects.requireNonNull(publishFollowUp, "publishFollowUp");
    this.breakers = Objects.requireNonNull(breakers, "breakers");
    this.room = Objects.requireNonNull(room, "room");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.beforeStart = Objects.requireNonNull(beforeStart, "beforeStart");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.tracing = Objects.requireNonNull(tracing, "tracing");
    Gauge.builder("fetchq.worker.in.flight", inFlight, AtomicInteger::get)
        .description("Attempts running or awaiting their durable outcome")
        .register(meters);
    this.lanes = new HostLanes<>(settings.maxPerHost(), settings.maxWaiting());
    Gauge.builder("fetchq.worker.waiting", waiting, AtomicInteger::get)
        .description(
            "Job records held because their host is at its limit or every slot is taken (claimed"
                + " ahead ones included)")
        .register(meters);
    Gauge.builder("fetchq.worker.claimed.ahead", claimedAhead, AtomicInteger::get)
        .description("Waiting job records already claimed: the next ones of a host at its limit")
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
      room.offer(0);
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
    startWork();
    offerRoom();
    // records the lanes could not take: stop reading until they can
    boolean blocked = !intake.isEmpty();
    if (blocked) {
      consumer.pause(consumer.assignment());
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
    commitIfDue();
    ConsumerRecords<String, byte[]> records;
    if (blocked || inFlight.get() >= settings.maxInFlight()) {
      // nothing can start before a completion: wait for one, then take what the consumer fetched
      awaitCompletions(settings.pollTimeout());
      records = pollIfDue();
    } else if (lanes.waiting() > 0) {
      // waiting records start when a fetch of their host ends: react to that at once, and take
      // what the consumer fetched meanwhile every WAITING_POLL
      awaitCompletions(WAITING_POLL);
      records = pollIfDue();
    } else {
      records = poll(settings.pollTimeout());
    }
    if (!records.isEmpty()) {
      handle(records);
    }
  }

  /** Polls without waiting if the last poll is at least {@link #WAITING_POLL} ago. */
  private ConsumerRecords<String, byte[]> pollIfDue() {
    if (System.nanoTime() - lastPollNanos < WAITING_POLL.toNanos()) {
      return ConsumerRecords.empty();
    }
    return poll(Duration.ZERO);
  }

  private ConsumerRecords<String, byte[]> poll(Duration timeout) {
    ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
    lastPollNanos = System.nanoTime();
    return records;
  }

  private void handle(ConsumerRecords<String, byte[]> records) throws InterruptedException {
    Instant now = clock.instant();
    Instant claimableUntil = now.plus(settings.earlyTolerance());
    for (ConsumerRecord<String, byte[]> record : records) {
      Position position =
          new Position(new TopicPartition(record.topic(), record.partition()), record.offset());
      offsets.track(position.partition(), position.offset());
      switch (decoder.decode(record)) {
        case FetchJobMessageDecoder.Decoded.Job message ->
            accept(
                message,
                position,
                now,
                claimableUntil,
                record.headers().lastHeader(AwaitsRoomHeader.NAME) != null,
                tracing.extract(record.headers()));
        case FetchJobMessageDecoder.Decoded.Poison poison -> {
          log.warn(
              "skipping unusable job record topic={} partition={} offset={} reason={}",
              record.topic(),
              record.partition(),
              record.offset(),
              poison.reason());
          finishUnused(position, "poison");
        }
      }
    }
    startWork();
  }

  private void accept(
      FetchJobMessageDecoder.Decoded.Job message,
      Position position,
      Instant now,
      Instant claimableUntil,
      boolean awaitedRoom,
      Context origin) {
    Job existing = active.get(message.ref());
    // a record joins work on the same attempt that will record its outcome, never a hand-back: a
    // record arriving while its attempt is handed back may be the very copy the hand-back wrote
    // (released at once for room), and finishing it with the hand-back would lose the attempt
    if (existing != null && existing.kind != Kind.DEFER) {
      // the same attempt is already handled here: finish this record with it, do the work once
      existing.positions.add(position);
      return;
    }
    Job job = new Job(message, position, awaitedRoom, origin);
    // a record handed back for want of room may come back before its estimated due time, released
    // because a worker had room: that is what it waited for
    if (!awaitedRoom
        && message.notBefore() != null
        && message.notBefore().isAfter(claimableUntil)) {
      job.defer(EARLY, message.notBefore(), now);
    }
    active.put(job.ref, job);
    intake.add(job);
  }

  private void finishUnused(Position position, String reason) {
    offsets.finish(position.partition(), position.offset());
    Counter.builder("fetchq.worker.messages.skipped")
        .description("Job records that needed no fetch")
        .tag("reason", reason)
        .register(meters)
        .increment();
  }

  private int free(List<Job> toClaim) {
    return settings.maxInFlight() - inFlight.get() - toClaim.size();
  }

  /**
   * Starts what the global and per-host limits allow. Waiting records of hosts with a free slot
   * come first, round-robin over hosts; then new records in log order: one whose host is not busy
   * starts at once when a global slot is free, otherwise it waits in its host's lane, or, when the
   * lanes are full, is handed back to a retry tier if its host is at its limit, or stays in the
   * intake (the partitions pause) until there is room. Fetches are claimed together in one
   * statement. Hand-backs and repairs are publishes: they do not wait for a fetch slot.
   */
  private void startWork() throws InterruptedException {
    List<Job> toClaim = new ArrayList<>();
    startWaiting(toClaim);
    Instant now = clock.instant();
    Job job;
    while ((job = intake.peek()) != null) {
      if (job.kind != Kind.FETCH) {
        start(intake.poll());
      } else if (free(toClaim) > 0 && lanes.tryAcquire(job.host)) {
        passBreaker(intake.poll(), toClaim);
      } else if (lanes.enqueue(job.host, job)) {
        intake.poll();
        touchedHosts.add(job.host);
      } else if (lanes.atLimit(job.host)) {
        // only a host at its own limit hands records back: when the whole worker is full, records
        // of every host wait alike, and handing them back would cost a publish, a tier forward and
        // a second read each for nothing (bench/run: 60,000 jobs over 32 hosts drained at half
        // the rate with a fifth of the worker's CPU in hand-backs)
        intake.poll();
        job.defer(HOST_BUSY, lanes.deferUntil(job.host, now), now);
        start(job);
      } else {
        break;
      }
    }
    startWaiting(toClaim);
    waiting.set(lanes.waiting());
    claimAndStart(toClaim, toClaimAhead());
  }

  /**
   * The waiting records to claim ahead of their slot: of each host touched since the last claim
   * that is at its limit, those of its first {@code maxPerHost} waiting records not claimed yet.
   */
  private List<Job> toClaimAhead() {
    if (touchedHosts.isEmpty()) {
      return List.of();
    }
    List<Job> ahead = new ArrayList<>();
    for (String host : touchedHosts) {
      if (lanes.atLimit(host)) {
        for (Job job : lanes.waitingHeads(host, settings.maxPerHost())) {
          if (job.claimed == null) {
            ahead.add(job);
          }
        }
      }
    }
    touchedHosts.clear();
    return ahead;
  }

  private void startWaiting(List<Job> toClaim) {
    Job job;
    while (free(toClaim) > 0 && (job = lanes.pollStartable()) != null) {
      passBreaker(job, toClaim);
    }
  }

  /**
   * A fetch holding its host slot starts if it was claimed ahead, or goes on to be claimed; an open
   * breaker defers it instead.
   */
  private void passBreaker(Job job, List<Job> toClaim) {
    touchedHosts.add(job.host);
    if (job.claimed != null) {
      claimedAhead.decrementAndGet();
    }
    CircuitBreaker breaker = breakers.forHost(job.host);
    if (breaker.tryAcquirePermission()) {
      job.breaker = breaker;
      if (job.claimed != null) {
        start(job);
      } else {
        toClaim.add(job);
      }
      return;
    }
    lanes.release(job.host, null);
    job.defer(BREAKER_OPEN, breakers.retryAt(breaker), clock.instant());
    start(job);
  }

  /**
   * Claims, in one statement, the fetches holding a slot ({@code toClaim}: started when claimed)
   * and the records claimed ahead of their slot ({@code ahead}: they keep waiting). A failed claim
   * puts {@code toClaim} back first in their lanes and leaves {@code ahead} unclaimed.
   */
  private void claimAndStart(List<Job> toClaim, List<Job> ahead) throws InterruptedException {
    if (toClaim.isEmpty() && ahead.isEmpty()) {
      return;
    }
    Set<AttemptRef> refs = new LinkedHashSet<>();
    toClaim.forEach(job -> refs.add(job.ref));
    ahead.forEach(job -> refs.add(job.ref));
    Map<AttemptRef, ClaimResult> claimed;
    try {
      claimed = claimAttempts.claim(refs);
      claimBackoffMillis = 0;
    } catch (RuntimeException e) {
      claimBackoffMillis = Math.min(Math.max(100, claimBackoffMillis * 2), 5_000);
      log.warn(
          "claim failed, will try again attempts={} backoffMs={} error={}",
          refs.size(),
          claimBackoffMillis,
          e.toString());
      for (Job job : toClaim.reversed()) {
        job.breaker.releasePermission();
        job.breaker = null;
        lanes.requeueFirst(job.host, job);
      }
      waiting.set(lanes.waiting());
      awaitCompletions(Duration.ofMillis(claimBackoffMillis));
      return;
    }
    toClaim.forEach(job -> onClaimed(job, claimed.get(job.ref), true));
    ahead.forEach(job -> onClaimed(job, claimed.get(job.ref), false));
    waiting.set(lanes.waiting());
  }

  /**
   * Acts on a claim's result for {@code job}, which holds its host slot ({@code holdsSlot}: it
   * starts when claimed) or waits in its lane (claimed ahead). One that needs no fetch gives back
   * its slot or its place in the lane.
   */
  private void onClaimed(Job job, ClaimResult result, boolean holdsSlot) {
    switch (result) {
      case ClaimResult.Claimed c -> {
        job.claimed = c.job();
        if (holdsSlot) {
          start(job);
        } else {
          claimedAhead.incrementAndGet();
        }
      }
      case ClaimResult.FollowUpPending pending -> {
        unused(job, holdsSlot);
        repair(job, pending);
      }
      case ClaimResult.Stale stale -> {
        unused(job, holdsSlot);
        skipStale(job);
      }
      case null -> {
        unused(job, holdsSlot);
        skipStale(job);
      }
    }
  }

  private void unused(Job job, boolean holdsSlot) {
    if (holdsSlot) {
      unusedSlot(job);
    } else {
      leaveLane(job);
    }
  }

  /** Takes a record claimed ahead that needs no fetch out of its lane; the next one is claimed. */
  private void leaveLane(Job job) {
    lanes.removeWaiting(job.host, job);
    touchedHosts.add(job.host);
  }

  /** Turns a fetch into publishing the follow-up its attempt's recorded outcome may be missing. */
  private void repair(Job job, ClaimResult.FollowUpPending pending) {
    log.info(
        "attempt outcome recorded but its follow-up may be missing, publishing it again"
            + " jobId={} generation={} attempt={}",
        job.ref.jobId(),
        job.ref.generation(),
        job.ref.attempt());
    job.kind = Kind.REPAIR;
    job.followUp = pending.followUp();
    start(job);
  }

  /** Gives back the host slot and breaker permission of a fetch that will not run. */
  private void unusedSlot(Job job) {
    lanes.release(job.host, null);
    job.breaker.releasePermission();
    job.breaker = null;
  }

  /** Finishes the records of an attempt that is no longer due (the caller gives back its slot). */
  private void skipStale(Job job) {
    log.debug(
        "skipping stale job message jobId={} generation={} attempt={}",
        job.ref.jobId(),
        job.ref.generation(),
        job.ref.attempt());
    active.remove(job.ref, job);
    job.positions.forEach(position -> finishUnused(position, "stale"));
  }

  private void start(Job job) {
    inFlight.incrementAndGet();
    runningByPartition.merge(job.partition(), 1, Integer::sum);
    Thread.ofVirtual().name("fetchq-fetch").start(() -> execute(job));
  }

  /**
   * Runs on the job's virtual thread, inside the span of processing the record: the child of the
   * producer's span for the first attempt of the job's first generation (0), otherwise a new trace
   * linked to it (a retry or a replay joins its cause by a link, not as a late child).
   */
  private void execute(Job job) {
    AttemptRef ref = job.ref;
    MDC.put("jobId", ref.jobId().toString());
    MDC.put("attempt", Integer.toString(ref.attempt()));
    Span span =
        tracing
            .startConsumer(
                "process " + settings.topic(),
                job.origin,
                ref.attempt() == 1 && ref.generation() == 0)
            .setAttribute(Tracing.MESSAGING_SYSTEM, "kafka")
            .setAttribute(Tracing.MESSAGING_DESTINATION, settings.topic())
            .setAttribute(Tracing.MESSAGING_OPERATION, "process")
            .setAttribute(Tracing.JOB_ID, ref.jobId().toString())
            .setAttribute(Tracing.ATTEMPT, ref.attempt())
            .setAttribute(Tracing.GENERATION, ref.generation())
            .setAttribute(WORK, job.kind.name().toLowerCase(Locale.ROOT));
    Scope scope = Tracing.open(span);
    try {
      FetchOutcome outcome = null;
      switch (job.kind) {
        case FETCH -> {
          MDC.put("tenantId", job.claimed.tenantId().toString());
          awaitDue(job.dueAt);
          outcome =
              runFetchAttempt.run(
                  job.claimed,
                  job.dueAt,
                  fetched -> completions.add(Completion.fetched(job, fetched)));
          span.setAttribute(OUTCOME, outcome.status().wireName());
          log.debug("fetch attempt finished outcome={}", outcome.status().wireName());
        }
        case REPAIR, DEFER -> publishFollowUp.publish(job.followUp);
      }
      completions.add(Completion.finished(job, outcome));
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      completions.add(Completion.failed(job, e));
    } finally {
      scope.close();
      span.end();
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
    AttemptRef ref = completion.job().ref;
    // the job in the log lines of its completion too (this runs on the loop's own thread)
    MDC.put("jobId", ref.jobId().toString());
    MDC.put("attempt", Integer.toString(ref.attempt()));
    try {
      applyInContext(completion);
    } finally {
      MDC.remove("jobId");
      MDC.remove("attempt");
    }
  }

  private void applyInContext(Completion completion) {
    Job job = completion.job();
    if (completion.fetchOnly()) {
      finishFetch(job, completion.outcome());
      job.hostReleased = true;
      return;
    }
    inFlight.decrementAndGet();
    runningByPartition.computeIfPresent(job.partition(), (p, n) -> n > 1 ? n - 1 : null);
    active.remove(job.ref, job);
    if (job.kind == Kind.FETCH && !job.hostReleased) {
      finishFetch(job, completion.outcome());
    }
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
      case DEFER -> {
        Counter.builder("fetchq.worker.deferrals")
            .description(
                "Job records handed back to a retry tier unclaimed, by reason (early, host_busy,"
                    + " breaker_open)")
            .tag("reason", job.deferReason)
            .register(meters)
            .increment();
        Timer.builder("fetchq.worker.deferral.delay")
            .description("How far ahead a record handed back unclaimed was due, by reason")
            .tag("reason", job.deferReason)
            .register(meters)
            .record(job.deferredFor);
      }
    }
  }

  /** Frees the host slot of a finished fetch and feeds its breaker (retryable = failure). */
  private void finishFetch(Job job, FetchOutcome outcome) {
    touchedHosts.add(job.host);
    if (outcome == null) {
      lanes.release(job.host, null);
      job.breaker.releasePermission();
      return;
    }
    Duration took = Duration.ofMillis(outcome.timing().durationMs());
    lanes.release(job.host, took);
    job.breaker.onResult(
        took.toMillis(), TimeUnit.MILLISECONDS, Retryability.isRetryable(outcome.result()));
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

  /**
   * Forgets the unstarted work of {@code partitions}: its records stay uncommitted. With {@code
   * keepClaimed}, the records claimed ahead stay in their lanes (see {@link #shutdown}).
   */
  private int dropBacklog(Collection<TopicPartition> partitions, boolean keepClaimed) {
    List<Job> dropped =
        new ArrayList<>(
            lanes.removeWaitingIf(
                j -> partitions.contains(j.partition()) && !(keepClaimed && j.claimed != null)));
    intake.removeIf(
        job -> {
          boolean drop = partitions.contains(job.partition());
          if (drop) {
            dropped.add(job);
          }
          return drop;
        });
    for (Job job : dropped) {
      active.remove(job.ref, job);
      if (job.claimed != null) {
        claimedAhead.decrementAndGet();
      }
    }
    waiting.set(lanes.waiting());
    return dropped.size();
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

  /**
   * Offers the retry tier forwarder room for records handed back for want of it: what keeps the
   * lanes at most half full, so records of other hosts still find room and the records released
   * meanwhile (counted only once they arrive) cannot overfill them.
   */
  private void offerRoom() {
    long now = System.nanoTime();
    if (now - lastRoomNanos >= ROOM_INTERVAL.toNanos()) {
      lastRoomNanos = now;
      room.offer(settings.maxWaiting() / 2 - lanes.waiting());
    }
  }

  /**
   * Stops reading, forgets the unstarted records and waits up to the shutdown grace for the running
   * attempts. Records claimed ahead are not forgotten but fetched as their host's slots free up,
   * within the same grace: they read {@code running}, and a job that reads {@code running} at
   * SIGTERM is finished before exit (when the grace allows). On a rebalance they are dropped
   * instead: the partition's next owner claims and fetches them, so fetching them here too would
   * fetch them twice.
   */
  private void shutdown() throws InterruptedException {
    room.offer(0); // what it could take now is no more
    Set<TopicPartition> assigned = Set.copyOf(consumer.assignment());
    consumer.pause(assigned);
    int dropped = dropBacklog(assigned, true);
    long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
    while (runningOn(assigned) > 0 || lanes.waiting() > 0) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      List<Job> toClaim = new ArrayList<>();
      startWaiting(toClaim); // only records claimed ahead are left: they start without a claim
      claimAndStart(toClaim, List.of());
      awaitCompletions(Duration.ofNanos(Math.min(remaining, WAITING_POLL.toNanos())));
    }
    drainCompletions();
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
      int dropped = dropBacklog(revoked, false);
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
      int dropped = dropBacklog(partitions, false);
      offsets.forget(partitions);
      log.warn("partitions lost partitions={} droppedUnstarted={}", partitions, dropped);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      log.info("partitions assigned partitions={}", partitions);
    }
  }
}
