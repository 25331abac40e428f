package io.fetchq.worker.fetch.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fetchq.contracts.Topics;
import io.fetchq.contracts.jobs.v1.AwaitsRoomHeader;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.kernel.jobs.RetryPolicy;
import io.fetchq.worker.fetch.domain.AttemptRef;
import io.fetchq.worker.fetch.domain.ClaimResult;
import io.fetchq.worker.fetch.domain.ClaimedJob;
import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResponse;
import io.fetchq.worker.fetch.domain.FollowUp;
import io.fetchq.worker.fetch.domain.PastAttempt;
import io.fetchq.worker.fetch.domain.TenantId;
import io.fetchq.worker.fetch.usecase.ClaimAttempts;
import io.fetchq.worker.fetch.usecase.FollowUpPublisher;
import io.fetchq.worker.fetch.usecase.PublishFollowUp;
import io.fetchq.worker.fetch.usecase.RunFetchAttempt;
import io.fetchq.worker.messaging.LaneRoom;
import io.fetchq.worker.tracing.Tracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The job loop on Kafka's {@code MockConsumer} with in-memory ports: what happens to a record that
 * arrives while its attempt is being handed back. A hand-back's copy may be released by the retry
 * tiers at once when there is room ({@link AwaitsRoomHeader}), and reach the loop before the
 * hand-back's own publish has finished.
 */
class JobConsumerLoopTest {

  private static final String TOPIC = "t.jobs";
  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
  private static final String HOST = "example.org";
  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));

  private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule()).build();
  private final MockConsumer<String, byte[]> consumer =
      new MockConsumer<>(OffsetResetStrategy.EARLIEST);
  private final Map<UUID, URI> urls = new ConcurrentHashMap<>();
  private final List<URI> fetched = new CopyOnWriteArrayList<>();
  private final CountDownLatch releaseFirstFetch = new CountDownLatch(1);
  private final CountDownLatch handBackEntered = new CountDownLatch(1);
  private final CountDownLatch releaseHandBack = new CountDownLatch(1);
  private final List<FollowUp.Retry> handedBack = new CopyOnWriteArrayList<>();

  private final FollowUpPublisher publisher =
      new FollowUpPublisher() {
        @Override
        public void publishRetry(FollowUp.Retry retry) {
          handBackEntered.countDown();
          block(releaseHandBack);
          handedBack.add(retry); // goes nowhere: only what the loop reads again is processed
        }

        @Override
        public void publishDeadLetter(FollowUp.DeadLetter deadLetter, List<PastAttempt> history) {
          throw new AssertionError("no job fails here");
        }
      };

  private final Clock clock = Clock.systemUTC();
  private final PublishFollowUp publishFollowUp =
      new PublishFollowUp(
          publisher,
          (jobId, generation) -> List.of(),
          Duration.ofMillis(10),
          Duration.ofMillis(50));
  private final JobConsumerLoop loop =
      new JobConsumerLoop(
          () -> consumer,
          json,
          new ClaimAttempts(refs -> refs.stream().map(this::claimed).toList()),
          new RunFetchAttempt(
              request -> {
                fetched.add(request.url());
                if (fetched.size() == 1) {
                  block(releaseFirstFetch);
                }
                return new FetchResponse(200, Map.of(), new byte[0], false, 0L, 1);
              },
              outcome -> CompletableFuture.completedFuture(true),
              publishFollowUp,
              clock,
              () -> 0.5,
              outcome -> {}),
          publishFollowUp,
          new HostBreakers(
              new HostBreakers.Settings(
                  20, 50f, 10, Duration.ofSeconds(5), 1, 100, Duration.ofSeconds(1)),
              clock,
              new SimpleMeterRegistry()),
          new LaneRoom(),
          clock,
          () -> {},
          new JobConsumerLoop.Settings(
              TOPIC,
              8,
              Duration.ofMillis(20),
              Duration.ofMillis(10),
              Duration.ofSeconds(1),
              Duration.ofSeconds(1),
              Duration.ofMillis(50),
              1, // one request at a time per host
              0), // and no room to wait: a busy host's records are handed back
          new SimpleMeterRegistry(),
          Tracing.noop());

  @AfterEach
  void stop() {
    releaseFirstFetch.countDown();
    releaseHandBack.countDown();
    loop.stop();
  }

  private static void block(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every attempt is claimable: its job fetches the URL {@link #job} gave it. */
  private ClaimResult claimed(AttemptRef ref) {
    return new ClaimResult.Claimed(
        new ClaimedJob(
            ref.jobId(),
            new TenantId(UUID.randomUUID()),
            ref.generation(),
            ref.attempt(),
            new FetchRequest(
                "GET", urls.get(ref.jobId().value()), Map.of(), null, Duration.ofSeconds(5), false),
            POLICY,
            Instant.now()));
  }

  private UUID job(String path) {
    UUID id = UUID.randomUUID();
    urls.put(id, URI.create("http://" + HOST + path));
    return id;
  }

  private ConsumerRecord<String, byte[]> record(
      long offset, UUID jobId, Instant notBefore, boolean awaitsRoom) throws Exception {
    byte[] value =
        json.writeValueAsBytes(
            new FetchJobMessage(
                UUID.randomUUID(), jobId, UUID.randomUUID(), 1, Instant.now(), 0, notBefore, HOST));
    RecordHeaders headers = new RecordHeaders();
    headers.add(Topics.TYPE_HEADER, FetchJobMessage.TYPE.getBytes(StandardCharsets.UTF_8));
    if (awaitsRoom) {
      headers.add(AwaitsRoomHeader.NAME, AwaitsRoomHeader.encode(HOST));
    }
    return new ConsumerRecord<>(
        TOPIC,
        0,
        offset,
        Instant.now().toEpochMilli(),
        TimestampType.CREATE_TIME,
        -1,
        value.length,
        jobId.toString(),
        value,
        headers,
        Optional.empty());
  }

  private long committed() {
    OffsetAndMetadata committed = consumer.committed(Set.of(PARTITION)).get(PARTITION);
    return committed == null ? -1 : committed.offset();
  }

  @Test
  void theCopyOfAHandBackArrivingBeforeTheHandBackEndsIsFetchedNotFinishedWithIt()
      throws Exception {
    UUID first = job("/first");
    UUID second = job("/second");
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(PARTITION));
          consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        });
    loop.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.assignment().contains(PARTITION));

    // the first job takes the host's only slot; the second finds it busy and no room to wait
    consumer.addRecord(record(0, first, null, false));
    await().atMost(Duration.ofSeconds(10)).until(() -> fetched.size() == 1);
    consumer.addRecord(record(1, second, null, false));
    assertThat(handBackEntered.await(10, TimeUnit.SECONDS)).as("handed back").isTrue();

    // the host frees up while the hand-back's publish has not returned yet
    releaseFirstFetch.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> loop.inFlight() == 1);

    // the copy the hand-back wrote, released at once for room, due in 10 s by the estimate
    consumer.addRecord(record(2, second, Instant.now().plusSeconds(10), true));

    // fetched at once: neither finished with the hand-back nor held until its estimated due time
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fetched.contains(URI.create("http://" + HOST + "/second")));
    releaseHandBack.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 3);
    assertThat(handedBack)
        .singleElement()
        .satisfies(retry -> assertThat(retry.awaitsRoom()).isTrue());
  }
}
