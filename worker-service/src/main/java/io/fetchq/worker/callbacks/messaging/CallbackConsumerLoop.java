package io.fetchq.worker.callbacks.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import io.fetchq.worker.callbacks.domain.EventId;
import io.fetchq.worker.callbacks.usecase.DeferDelivery;
import io.fetchq.worker.callbacks.usecase.DeliverWebhook;
import io.fetchq.worker.callbacks.usecase.DeliveryOutcome;
import io.fetchq.worker.messaging.HostLanes;
import io.fetchq.worker.messaging.LoopThread;
import io.fetchq.worker.messaging.OffsetTracker;
import io.fetchq.worker.metrics.SloBuckets;
import io.fetchq.worker.tracing.Tracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
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
 * The callbacks consumer loop, apart from fetch work: its own platform thread, Kafka consumer and
 * consumer group, and its own concurrency budget. One virtual thread per delivery, never more than
 * {@code maxInFlight} at once (a delivery counts until its outcome is durable). At most {@code
 * maxPerDestination} deliveries run against one destination (the callback URL's host, carried by
 * the message). A record whose destination is at its limit waits unclaimed in that destination's
 * FIFO lane ({@link HostLanes}; freed slots go to the waiting destinations round-robin), at most
 * {@code maxWaiting} over all destinations; beyond that a record of a destination at its limit is
 * handed back ({@link DeferDelivery}: scheduled a little later without spending the attempt), and
 * any other record pauses the partitions until there is room. So a slow or dead receiver never
 * holds up other destinations, and a busy but healthy one is served at its limit without churn.
 * Records finish in any order; an offset is committed only when every record before it in its
 * partition is finished, i.e. its outcome (or hand-back) is durable, or it needed no work (stale or
 * undecodable).
 */
public final class CallbackConsumerLoop implements SmartLifecycle {

  /**
   * Tuning.
   *
   * @param topic the callbacks topic
   * @param maxInFlight deliveries (and hand-backs) running at once
   * @param maxPerDestination deliveries running at once against one host
   * @param maxWaiting records waiting unclaimed for their destination, over all destinations
   * @param pollTimeout longest poll
   * @param commitInterval shortest interval between two asynchronous commits
   * @param revocationGrace how long a revoked partition's running deliveries are waited for
   * @param shutdownGrace how long {@link #stop()} waits for running deliveries
   */
  public record Settings(
      String topic,
      int maxInFlight,
      int maxPerDestination,
      int maxWaiting,
      Duration pollTimeout,
      Duration commitInterval,
      Duration revocationGrace,
      Duration shutdownGrace) {

    public Settings {
      Objects.requireNonNull(topic, "topic");
      if (maxInFlight < 1 || maxPerDestination < 1) {
        throw new IllegalArgumentException("maxInFlight and maxPerDestination must be >= 1");
      }
      if (maxWaiting < 0) {
        throw new IllegalArgumentException("maxWaiting must be >= 0");
      }
      Objects.requireNonNull(pollTimeout, "pollTimeout");
      Objects.requireNonNull(commitInterval, "commitInterval");
      Objects.requireNonNull(revocationGrace, "revocationGrace");
      Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    }
  }

  private static final Logger log = LoggerFactory.getLogger(CallbackConsumerLoop.class);

  /** First pause after a record could not be handled. */
  static final Duration FIRST_RETRY = Duration.ofMillis(100);

  /** Longest pause between tries to handle a record. */
  static final Duration LAST_RETRY = Duration.ofSeconds(5);

  /** Longest poll while records wait for their destination: a completion may let one start. */
  private static final Duration WAITING_POLL = Duration.ofMillis(10);

  private record Position(TopicPartition partition, long offset) {}

  private record Key(UUID eventId, int attempt) {}

  /** One attempt of one event and every record (normally one) asking for it. */
  private static final class Work {
    final Key key;
    final UUID tenantId;
    final String host;

    /** The trace context of the record's producer (root when it carried none). */
    final Context origin;

    final List<Position> positions = new ArrayList<>(1);
    boolean deferred;

    Work(CallbackMessage message, Position first, Context origin) {
      this.origin = origin;
      this.key = new Key(message.eventId(), message.attempt());
      this.tenantId = message.tenantId();
      this.host = message.host();
      positions.add(first);
    }

    TopicPartition partition() {
      return positions.getFirst().partition();
    }
  }

  private record Completion(Work work, DeliveryOutcome outcome, Throwable failure) {}

  private final Supplier<Consumer<String, byte[]>> consumers;
  private final Tracing tracing;
  private final CallbackMessageDecoder decoder;
  private final DeliverWebhook deliver;
  private final DeferDelivery defer;
  private final Runnable beforeStart;
  private final Settings settings;
  private final Map<DeliveryOutcome.Kind, Counter> attempts =
      new EnumMap<>(DeliveryOutcome.Kind.class);
  private final Timer latency;

  // shared with delivery threads
  private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private final LoopThread loop = new LoopThread("fetchq-callback-consumer");

  // owned by the loop thread
  private final OffsetTracker offsets = new OffsetTracker();
  private final HostLanes<Work> lanes;
  // records to hand back (their destination is at its limit and the lanes are full)
  private final ArrayDeque<Work> handBacks = new ArrayDeque<>();
  // records of a free destination that found the lanes full: the partitions pause until they fit
  private final ArrayDeque<Work> overflow = new ArrayDeque<>();
  private final Map<Key, Work> active = new HashMap<>();
  private final Map<TopicPartition, Integer> runningByPartition = new HashMap<>();
  private Consumer<String, byte[]> consumer;
  private long lastCommitNanos;

  /**
   * @param consumers creates the consumer (called once, on the loop thread)
   * @param beforeStart runs in {@link #start()} before polling begins (topic creation); may throw
   */
  public CallbackConsumerLoop(
      Supplier<Consumer<String, byte[]>> consumers,
      ObjectMapper json,
      DeliverWebhook deliver,
      DeferDelivery defer,
      Runnable beforeStart,
      Settings settings,
      MeterRegistry meters,
      Tracing tracing) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
    this.consumers = Objects.requireNonNull(consumers, "consumers");
    this.decoder = new CallbackMessageDecoder(json);
    this.deliver = Objects.requireNonNull(deliver, "deliver");
    this.defer = Objects.requireNonNull(defer, "defer");
    this.beforeStart = Objects.requireNonNull(beforeStart, "beforeStart");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.lanes = new HostLanes<>(settings.maxPerDestination(), settings.maxWaiting());
    for (DeliveryOutcome.Kind kind : DeliveryOutcome.Kind.values()) {
      attempts.put(
          kind,
          Counter.builder("fetchq.worker.callbacks.attempts")
              .description(
                  "Callback messages handled, by outcome (delivered, retry, failed, gone,"
                      + " deferred, stale)")
              .tag("outcome", kind.tag())
              .register(meters));
    }
    this.latency =
        Timer.builder("fetchq.worker.callbacks.delivery.latency")
            .description("From the event's transition to the receiver's 2xx answer")
            .serviceLevelObjectives(SloBuckets.WEBHOOK_DELIVERY)
            .publishPercentileHistogram(false)
            .register(meters);
    Gauge.builder("fetchq.worker.callbacks.in.flight", inFlight, AtomicInteger::get)
        .description("Webhook deliveries running or awaiting their durable outcome")
        .register(meters);
    Gauge.builder("fetchq.worker.callbacks.waiting", waiting, AtomicInteger::get)
        .description("Callback records waiting unclaimed for their destination")
        .register(meters);
  }

  /** Deliveries running or awaiting their durable outcome. */
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
        .name("fetchq-callback-consumer-stop")
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
      log.error("callback consumer could not be created error={}", e.toString(), e);
      return;
    }
    consumer = c;
    try {
      c.subscribe(List.of(settings.topic()), new Rebalance());
      log.info(
          "callback consumer started topic={} maxInFlight={} maxPerDestination={}",
          settings.topic(),
          settings.maxInFlight(),
          settings.maxPerDestination());
      while (loop.isRunning()) {
        try {
          iterate();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (KafkaException | IllegalStateException e) {
          log.error("callback consumer iteration failed error={}", e.toString(), e);
          awaitCompletions(Duration.ofSeconds(1));
        }
      }
      shutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("callback consumer stopped unexpectedly error={}", e.toString(), e);
    } finally {
      try {
        c.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        log.warn("closing the callback consumer failed error={}", e.toString());
      }
      consumer = null;
      log.info("callback consumer stopped inFlight={}", inFlight.get());
    }
  }

  private void iterate() throws InterruptedException {
    drainCompletions();
    startPending();
    boolean blocked = !overflow.isEmpty() || !handBacks.isEmpty();
    if (blocked) {
      consumer.pause(consumer.assignment());
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
    commitIfDue();
    ConsumerRecords<String, byte[]> records;
    if (blocked) {
      // nothing can start before a completion: wait for one, then take what the consumer fetched
      awaitCompletions(settings.pollTimeout());
      records = consumer.poll(Duration.ZERO);
    } else {
      // a waiting record starts when a delivery to its destination completes: poll briefly then
      records = consumer.poll(lanes.waiting() > 0 ? WAITING_POLL : settings.pollTimeout());
    }
    for (ConsumerRecord<String, byte[]> record : records) {
      accept(record);
    }
    startPending();
  }

  private void accept(ConsumerRecord<String, byte[]> record) {
    Position position =
        new Position(new TopicPartition(record.topic(), record.partition()), record.offset());
    offsets.track(position.partition(), position.offset());
    switch (decoder.decode(record)) {
      case CallbackMessageDecoder.Decoded.Message m -> {
        CallbackMessage message = m.message();
        Work existing = active.get(new Key(message.eventId(), message.attempt()));
        if (existing != null) {
          existing.positions.add(position); // a duplicate joins the work already under way
        } else {
          Work work = new Work(message, position, tracing.extract(record.headers()));
          active.put(work.key, work);
          admit(work);
        }
      }
      case CallbackMessageDecoder.Decoded.Poison poison -> {
        log.warn(
            "skipping unusable callback record topic={} partition={} offset={} reason={}",
            record.topic(),
            record.partition(),
            record.offset(),
            poison.reason());
        offsets.finish(position.partition(), position.offset());
      }
    }
  }

  /**
   * Puts new work in its destination's lane; when the lanes are full, the work of a destination at
   * its limit is handed back and any other work set aside until it can start.
   */
  private void admit(Work work) {
    if (overflow.isEmpty() && lanes.enqueue(work.host, work)) {
      return;
    }
    if (lanes.atLimit(work.host)) {
      work.deferred = true;
      handBacks.add(work);
    } else {
      overflow.add(work);
    }
  }

  /**
   * Starts work while the budget allows: hand-backs first (each is one short database write), then
   * the waiting destinations round-robin, each within its limit, then set-aside work whose
   * destination has a free slot. Set-aside work then moves into the lanes as far as they have room.
   */
  private void startPending() {
    while (inFlight.get() < settings.maxInFlight()) {
      Work work = handBacks.poll();
      if (work == null) {
        work = lanes.pollStartable();
      }
      if (work == null && !overflow.isEmpty() && lanes.tryAcquire(overflow.peek().host)) {
        work = overflow.poll();
      }
      if (work == null) {
        break;
      }
      inFlight.incrementAndGet();
      runningByPartition.merge(work.partition(), 1, Integer::sum);
      Work started = work;
      Thread.ofVirtual().name("fetchq-callback").start(() -> execute(started));
    }
    while (!overflow.isEmpty()) {
      Work next = overflow.peek();
      if (lanes.enqueue(next.host, next)) {
        overflow.poll();
      } else if (lanes.atLimit(next.host)) {
        next.deferred = true;
        handBacks.add(overflow.poll());
      } else {
        break;
      }
    }
    waiting.set(lanes.waiting());
  }

  /**
   * Runs on the work's virtual thread. A failure to handle the record (the database unreachable,
   * say) is retried with backoff, holding the slot, until it succeeds or the loop stops: the record
   * then stays uncommitted and is redelivered to whoever consumes the partition next. A retry after
   * the POST re-claims the same attempt and may POST again (at least once; receivers dedupe on
   * {@code webhook-id}).
   */
  private void execute(Work work) {
    MDC.put("eventId", work.key.eventId().toString());
    MDC.put("tenantId", work.tenantId.toString());
    MDC.put("attempt", Integer.toString(work.key.attempt()));
    EventId id = new EventId(work.key.eventId());
    Duration backoff = FIRST_RETRY;
    // the first attempt continues the job's trace; a redelivery (minutes or hours later) starts a
    // new trace linked to the context its record carries
    Span span =
        tracing
            .startConsumer("process " + settings.topic(), work.origin, work.key.attempt() == 1)
            .setAttribute(Tracing.MESSAGING_SYSTEM, "kafka")
            .setAttribute(Tracing.MESSAGING_DESTINATION, settings.topic())
            .setAttribute(Tracing.MESSAGING_OPERATION, "process")
            .setAttribute(Tracing.EVENT_ID, work.key.eventId().toString())
            .setAttribute(Tracing.ATTEMPT, work.key.attempt());
    Scope scope = Tracing.open(span);
    try {
      while (true) {
        try {
          DeliveryOutcome outcome =
              work.deferred
                  ? defer.defer(id, work.key.attempt())
                  : deliver.deliver(id, work.key.attempt());
          log.debug(
              "webhook delivery attempt finished outcome={} statusCode={}",
              outcome.kind().tag(),
              outcome.statusCode());
          completions.add(new Completion(work, outcome, null));
          return;
        } catch (RuntimeException e) {
          span.recordException(e);
          if (!loop.isRunning()) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            completions.add(new Completion(work, null, e));
            return;
          }
          log.warn(
              "callback not handled, retrying eventId={} attempt={} inMs={} error={}",
              work.key.eventId(),
              work.key.attempt(),
              backoff.toMillis(),
              e.toString());
          try {
            Thread.sleep(backoff);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            completions.add(new Completion(work, null, e));
            return;
          }
          backoff =
              backoff.multipliedBy(2).compareTo(LAST_RETRY) > 0
                  ? LAST_RETRY
                  : backoff.multipliedBy(2);
        }
      }
    } finally {
      scope.close();
      span.end();
      MDC.clear();
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
    Work work = completion.work();
    inFlight.decrementAndGet();
    runningByPartition.computeIfPresent(work.partition(), (p, n) -> n > 1 ? n - 1 : null);
    active.remove(work.key, work);
    if (!work.deferred) {
      lanes.release(work.host, null);
    }
    if (completion.failure() != null) {
      log.warn(
          "callback not handled, its offset stays uncommitted eventId={} attempt={} error={}",
          work.key.eventId(),
          work.key.attempt(),
          completion.failure().toString());
      return;
    }
    for (Position position : work.positions) {
      offsets.finish(position.partition(), position.offset());
    }
    DeliveryOutcome outcome = completion.outcome();
    attempts.get(outcome.kind()).increment();
    if (outcome.latency() != null) {
      latency.record(outcome.latency());
    }
    logOutcome(work, outcome);
  }

  private static void logOutcome(Work work, DeliveryOutcome outcome) {
    switch (outcome.kind()) {
      case RETRY, FAILED, GONE ->
          log.info(
              "webhook delivery failed eventId={} tenantId={} attempt={} outcome={} status={}"
                  + " error={}",
              work.key.eventId(),
              work.tenantId,
              work.key.attempt(),
              outcome.kind().tag(),
              outcome.statusCode(),
              outcome.error());
      default ->
          log.debug(
              "webhook delivery handled eventId={} tenantId={} attempt={} outcome={} status={}",
              work.key.eventId(),
              work.tenantId,
              work.key.attempt(),
              outcome.kind().tag(),
              outcome.statusCode());
    }
  }

  private void commitIfDue() {
    long now = System.nanoTime();
    if (now - lastCommitNanos < settings.commitInterval().toNanos()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> due = offsets.toCommit();
    if (due.isEmpty()) {
      return;
    }
    lastCommitNanos = now;
    offsets.committed(due);
    consumer.commitAsync(
        due,
        (committed, failure) -> {
          if (failure != null) {
            log.warn("callback offset commit failed, will retry error={}", failure.toString());
            offsets.commitFailed(due);
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
      log.warn(
          "final callback offset commit failed, records will be redelivered error={}",
          e.toString());
    }
  }

  private int runningOn(Set<TopicPartition> partitions) {
    return partitions.stream().mapToInt(p -> runningByPartition.getOrDefault(p, 0)).sum();
  }

  /** Forgets the unstarted work of {@code partitions}: its records stay uncommitted. */
  private int dropPending(Collection<TopicPartition> partitions) {
    List<Work> dropped =
        new ArrayList<>(lanes.removeWaitingIf(w -> partitions.contains(w.partition())));
    for (ArrayDeque<Work> queue : List.of(handBacks, overflow)) {
      queue.removeIf(
          work -> {
            boolean drop = partitions.contains(work.partition());
            if (drop) {
              dropped.add(work);
            }
            return drop;
          });
    }
    dropped.forEach(work -> active.remove(work.key, work));
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

  private void shutdown() throws InterruptedException {
    Set<TopicPartition> assigned = Set.copyOf(consumer.assignment());
    consumer.pause(assigned);
    int dropped = dropPending(assigned);
    awaitRunning(assigned, settings.shutdownGrace());
    commitNow(offsets.positions(assigned));
    log.info(
        "callback consumer stopping droppedUnstarted={} stillInFlight={}", dropped, inFlight.get());
  }

  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Set<TopicPartition> revoked = Set.copyOf(partitions);
      int dropped = dropPending(revoked);
      try {
        awaitRunning(revoked, settings.revocationGrace());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      commitNow(offsets.positions(revoked));
      log.info(
          "callback partitions revoked partitions={} droppedUnstarted={} stillRunning={}",
          revoked,
          dropped,
          runningOn(revoked));
      offsets.forget(revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      int dropped = dropPending(partitions);
      offsets.forget(partitions);
      log.warn("callback partitions lost partitions={} droppedUnstarted={}", partitions, dropped);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      log.info("callback partitions assigned partitions={}", partitions);
    }
  }
}
