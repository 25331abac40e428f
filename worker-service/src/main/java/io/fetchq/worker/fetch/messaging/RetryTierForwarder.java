package io.fetchq.worker.fetch.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.contracts.RetryTier;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.jobs.v1.AwaitsRoomHeader;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.contracts.jobs.v1.NotBeforeHeader;
import io.fetchq.worker.messaging.LaneRoom;
import io.fetchq.worker.messaging.LoopThread;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Releases job messages from the retry tiers at their due time. One platform thread owns one
 * consumer (its own group) subscribed to every tier topic. For each record it computes the release
 * time {@code R = min(notBefore, timestamp + tier delay)} ({@link TierRelease}; {@code notBefore}
 * is read from the record's {@link NotBeforeHeader}, and from the message only for a record without
 * one, so forwarding decodes no JSON): when {@code R} has passed the record is forwarded unchanged
 * (to the jobs topic when due, else to the tier that fits what is left); otherwise the partition is
 * rewound to that record and paused until {@code R}, and the poll timeout never exceeds the next
 * resume time. Since every record of a tier waits the same delay, the paused head record is always
 * the next one due in its partition. Offsets are committed only after every forwarded send of the
 * poll was acknowledged. Waiting records hold no fetch slot and never the job consumer.
 *
 * <p>A record handed back only for want of room at its host ({@link AwaitsRoomHeader}) has an
 * estimated due time: while this worker's job loop offers {@link LaneRoom}, such a record is
 * released to the jobs topic as soon as it heads its partition, one unit of room each, and a
 * partition paused on such a record resumes as soon as there is room. Real retries still wait for
 * their due time, and so does everything behind them in their partition.
 */
public final class RetryTierForwarder implements SmartLifecycle {

  /**
   * Tuning.
   *
   * @param topicPrefix the deployment's topic prefix
   * @param maxPollWait longest single poll (the resume check runs at least this often)
   * @param sendTimeout how long forwarded sends may take to be acknowledged
   * @param maxBackoff longest pause after a failed forward
   * @param shutdownTimeout how long {@link #stop()} waits for the loop to end
   */
  public record Settings(
      String topicPrefix,
      Duration maxPollWait,
      Duration sendTimeout,
      Duration maxBackoff,
      Duration shutdownTimeout) {

    public Settings {
      Objects.requireNonNull(topicPrefix, "topicPrefix");
      Objects.requireNonNull(maxPollWait, "maxPollWait");
      Objects.requireNonNull(sendTimeout, "sendTimeout");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }
  }

  private static final Logger log = LoggerFactory.getLogger(RetryTierForwarder.class);

  /**
   * A forwarded record awaiting its acknowledgement.
   *
   * @param due its due time when it went to the jobs topic at that time, for the lateness; else
   *     null
   * @param early it went to the jobs topic before its estimated due time, for room
   */
  private record Sent(
      TopicPartition from,
      CompletableFuture<SendResult<String, byte[]>> ack,
      Instant due,
      boolean early) {}

  private final Supplier<Consumer<String, byte[]>> consumers;
  private final KafkaTemplate<String, byte[]> template;
  private final ObjectMapper json;
  private final LaneRoom room;
  private final Runnable beforeStart;
  private final Clock clock;
  private final Settings settings;
  private final Map<String, RetryTier> tiers = new HashMap<>();
  private final String jobsTopic;
  private final Timer lateness;
  private final Counter forwarded;
  private final Counter releasedEarly;
  private final Counter skipped;

  private final LoopThread loop = new LoopThread("fetchq-retry-tiers");

  // owned by the loop thread
  private final Map<TopicPartition, Instant> pausedUntil = new HashMap<>();
  // paused partitions whose next record awaits room: they resume as soon as there is some
  private final Set<TopicPartition> awaitingRoom = new HashSet<>();
  private Consumer<String, byte[]> consumer;
  private long backoffMillis;

  /**
   * @param consumers creates the consumer (called once, on the loop thread)
   * @param beforeStart runs in {@link #start()} before polling begins (topic creation); may throw
   */
  public RetryTierForwarder(
      Supplier<Consumer<String, byte[]>> consumers,
      KafkaTemplate<String, byte[]> template,
      ObjectMapper json,
      LaneRoom room,
      Runnable beforeStart,
      Clock clock,
      Settings settings,
      MeterRegistry meters) {
    this.consumers = Objects.requireNonNull(consumers, "consumers");
    this.template = Objects.requireNonNull(template, "template");
    this.json = Objects.requireNonNull(json, "json");
    this.room = Objects.requireNonNull(room, "room");
    this.beforeStart = Objects.requireNonNull(beforeStart, "beforeStart");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    for (RetryTier tier : RetryTier.values()) {
      tiers.put(Topics.name(settings.topicPrefix(), tier.topic()), tier);
    }
    this.jobsTopic = Topics.name(settings.topicPrefix(), Topics.JOBS);
    this.lateness =
        Timer.builder("fetchq.worker.retry.forward.lateness")
            .description("How long after its due time a retry was handed to the jobs topic")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
    this.forwarded =
        Counter.builder("fetchq.worker.retry.forwarded")
            .description("Records released from a retry tier")
            .register(meters);
    this.releasedEarly =
        Counter.builder("fetchq.worker.retry.released.early")
            .description(
                "Records awaiting room at their host released before their estimated due time"
                    + " because the job loop had room")
            .register(meters);
    this.skipped =
        Counter.builder("fetchq.worker.retry.skipped")
            .description("Undecodable records dropped from a retry tier")
            .register(meters);
  }

  /** The tier topics this forwarder reads. */
  public List<String> topics() {
    return List.copyOf(tiers.keySet());
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
    loop.stop(settings.shutdownTimeout());
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
      log.error("retry tier consumer could not be created error={}", e.toString(), e);
      return;
    }
    consumer = c;
    try {
      c.subscribe(topics(), new Rebalance());
      log.info("retry tier forwarder started topics={}", tiers.size());
      while (loop.isRunning()) {
        try {
          iterate();
        } catch (KafkaException | IllegalStateException e) {
          log.error("retry tier iteration failed error={}", e.toString(), e);
          pause(1_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("retry tier forwarder stopped unexpectedly error={}", e.toString(), e);
    } finally {
      try {
        c.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        log.warn("closing the retry tier consumer failed error={}", e.toString());
      }
      consumer = null;
      log.info("retry tier forwarder stopped");
    }
  }

  private void iterate() throws InterruptedException {
    Instant now = clock.instant();
    resumeDue(now);
    ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout(now));
    if (records.isEmpty()) {
      return;
    }
    now = clock.instant();
    List<Sent> sends = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      RetryTier tier = tiers.get(partition.topic());
      for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
        firstOffsets.putIfAbsent(partition, record.offset());
        Optional<Due> due = due(record);
        if (due.isEmpty()) {
          skipped.increment();
          log.warn(
              "skipping unusable retry record topic={} partition={} offset={}",
              record.topic(),
              record.partition(),
              record.offset());
          commit.put(partition, new OffsetAndMetadata(record.offset() + 1));
          continue;
        }
        Instant notBefore = due.get().notBefore();
        TierRelease.Decision decision =
            TierRelease.decide(tier, Instant.ofEpochMilli(record.timestamp()), notBefore, now);
        boolean awaitsRoom = record.headers().lastHeader(AwaitsRoomHeader.NAME) != null;
        boolean dueNow =
            decision instanceof TierRelease.Decision.Forward forward && forward.tier().isEmpty();
        if (awaitsRoom && !dueNow && room.take()) {
          // to the jobs topic now, whether it would have waited here or moved to a shorter tier
          sends.add(new Sent(partition, forward(record, jobsTopic), null, true));
          commit.put(partition, new OffsetAndMetadata(record.offset() + 1));
          continue;
        }
        if (decision instanceof TierRelease.Decision.Wait wait) {
          consumer.seek(partition, record.offset());
          consumer.pause(Set.of(partition));
          pausedUntil.put(partition, wait.until());
          if (awaitsRoom) {
            awaitingRoom.add(partition);
          }
          break;
        }
        Optional<RetryTier> next = ((TierRelease.Decision.Forward) decision).tier();
        String target =
            next.map(t -> Topics.name(settings.topicPrefix(), t.topic())).orElse(jobsTopic);
        sends.add(
            new Sent(partition, forward(record, target), next.isEmpty() ? notBefore : null, false));
        commit.put(partition, new OffsetAndMetadata(record.offset() + 1));
      }
    }
    if (awaitAcks(sends)) {
      backoffMillis = 0;
      commit(commit);
    } else {
      rewind(firstOffsets);
    }
  }

  private CompletableFuture<SendResult<String, byte[]>> forward(
      ConsumerRecord<String, byte[]> record, String target) {
    ProducerRecord<String, byte[]> out =
        new ProducerRecord<>(target, null, record.key(), record.value(), record.headers());
    try {
      return template.send(out);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private boolean awaitAcks(List<Sent> sends) {
    long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
    boolean ok = true;
    for (Sent sent : sends) {
      try {
        long remaining = Math.max(1, deadline - System.nanoTime());
        sent.ack().get(remaining, TimeUnit.NANOSECONDS);
        forwarded.increment();
        if (sent.early()) {
          releasedEarly.increment();
        }
        if (sent.due() != null) {
          Duration late = Duration.between(sent.due(), clock.instant());
          lateness.record(late.isNegative() ? Duration.ZERO : late);
        }
      } catch (ExecutionException | TimeoutException e) {
        ok = false;
        log.warn("forwarding a retry record failed from={} error={}", sent.from(), e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return ok;
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets, Duration.ofSeconds(10));
    } catch (KafkaException e) {
      // the forwarded records are forwarded again later; the claim absorbs the duplicates
      log.warn("retry tier commit failed, records will be forwarded again error={}", e.toString());
    }
  }

  private void rewind(Map<TopicPartition, Long> firstOffsets) throws InterruptedException {
    Set<TopicPartition> assigned = consumer.assignment();
    firstOffsets.forEach(
        (partition, offset) -> {
          if (assigned.contains(partition)) {
            pausedUntil.remove(partition);
            awaitingRoom.remove(partition);
            consumer.resume(Set.of(partition));
            consumer.seek(partition, offset);
          }
        });
    backoffMillis = Math.min(Math.max(100, backoffMillis * 2), settings.maxBackoff().toMillis());
    pause(backoffMillis);
  }

  private void pause(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  private void resumeDue(Instant now) {
    List<TopicPartition> due = new ArrayList<>();
    boolean roomFree = !awaitingRoom.isEmpty() && room.available();
    pausedUntil.forEach(
        (partition, until) -> {
          if (!until.isAfter(now) || (roomFree && awaitingRoom.contains(partition))) {
            due.add(partition);
          }
        });
    if (!due.isEmpty()) {
      due.forEach(pausedUntil::remove);
      due.forEach(awaitingRoom::remove);
      consumer.resume(due);
    }
  }

  private Duration pollTimeout(Instant now) {
    Duration timeout = settings.maxPollWait();
    for (Instant until : pausedUntil.values()) {
      Duration left = Duration.between(now, until);
      if (left.compareTo(timeout) < 0) {
        timeout = left;
      }
    }
    return timeout.isNegative() ? Duration.ZERO : timeout;
  }

  /** When a record may be released: its {@link NotBeforeHeader}, else its decoded message's. */
  private Optional<Due> due(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return Optional.empty();
    }
    Header header = record.headers().lastHeader(NotBeforeHeader.NAME);
    if (header != null) {
      Optional<Instant> notBefore = NotBeforeHeader.decode(header.value());
      if (notBefore.isPresent()) {
        return Optional.of(new Due(notBefore.get()));
      }
    }
    try {
      return Optional.of(
          new Due(json.readValue(record.value(), FetchJobMessage.class).notBefore()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A usable record's due time; {@code notBefore} is null for a message due at once. */
  private record Due(Instant notBefore) {}

  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(pausedUntil::remove);
      partitions.forEach(awaitingRoom::remove);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(pausedUntil::remove);
      partitions.forEach(awaitingRoom::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      log.debug("retry tier partitions assigned partitions={}", partitions);
    }
  }
}
