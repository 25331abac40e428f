package io.fetchq.worker.config;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.contracts.RetryTier;
import io.fetchq.contracts.Topics;
import io.fetchq.kernel.destinations.DestinationPolicy;
import io.fetchq.ops.json.IsoInstants;
import io.fetchq.ops.json.JsonBuffers;
import io.fetchq.worker.fetch.http.ApacheHttpFetcher;
import io.fetchq.worker.fetch.http.TracingFetcher;
import io.fetchq.worker.fetch.messaging.HostBreakers;
import io.fetchq.worker.fetch.messaging.JobConsumerLoop;
import io.fetchq.worker.fetch.messaging.KafkaFollowUpPublisher;
import io.fetchq.worker.fetch.messaging.RetryTierForwarder;
import io.fetchq.worker.fetch.messaging.WorkerTopicCreator;
import io.fetchq.worker.fetch.persistence.BatchingOutcomeWriter;
import io.fetchq.worker.fetch.persistence.JdbcAttemptClaimer;
import io.fetchq.worker.fetch.persistence.JdbcAttemptHistory;
import io.fetchq.worker.fetch.persistence.TracingOutcomeRecorder;
import io.fetchq.worker.fetch.usecase.ClaimAttempts;
import io.fetchq.worker.fetch.usecase.PublishFollowUp;
import io.fetchq.worker.fetch.usecase.RunFetchAttempt;
import io.fetchq.worker.messaging.LaneRoom;
import io.fetchq.worker.metrics.MicrometerAttemptObserver;
import io.fetchq.worker.tracing.HttpSpans;
import io.fetchq.worker.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;

/**
 * Wires the fetch pipeline: consumer loop → claim → HTTP fetch → outcome writer → follow-up
 * publisher, and the retry tier forwarder.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  WorkerProperties.class,
  WorkerKafkaTopicProperties.class,
  WorkerDestinationProperties.class
})
public class WorkerFetchConfiguration {

  /** The API accepts {@code timeoutMs} up to 60 s: no single attempt can take longer. */
  static final Duration LONGEST_ATTEMPT = Duration.ofSeconds(60);

  /** Slack on top of the longest attempt for claim, outcome write and commit. */
  static final Duration POLL_INTERVAL_MARGIN = Duration.ofSeconds(30);

  /** Jackson's buffers from one shared pool, not per (virtual) thread ({@link JsonBuffers}). */
  @Bean
  Jackson2ObjectMapperBuilderCustomizer workerSharedJsonBuffers() {
    return builder -> builder.postConfigurer(JsonBuffers::shareAcrossThreads);
  }

  /**
   * Instants of the worker's messages read without {@code DateTimeFormatter} ({@link IsoInstants}):
   * the retry tiers decode every message they forward to read its due time.
   */
  @Bean
  Module workerIsoInstants() {
    return IsoInstants.module();
  }

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  DestinationPolicy workerDestinationPolicy(WorkerDestinationProperties destinations) {
    return DestinationPolicy.fromAllowedCidrs(destinations.allowedCidrs());
  }

  @Bean
  Tracing workerTracing(OpenTelemetry openTelemetry) {
    return new Tracing(openTelemetry);
  }

  @Bean
  ApacheHttpFetcher workerHttpFetcher(
      WorkerProperties worker,
      @Qualifier("workerDestinationPolicy") DestinationPolicy policy,
      MeterRegistry meters) {
    return new ApacheHttpFetcher(
        new ApacheHttpFetcher.Settings(
            worker.maxInFlight(),
            worker.maxPerHost(),
            worker.connectTimeout(),
            bodyCap(worker),
            "fetchq"),
        policy,
        meters);
  }

  @Bean
  JdbcAttemptClaimer workerAttemptClaimer(DataSource dataSource, ObjectMapper json) {
    return new JdbcAttemptClaimer(dataSource, json);
  }

  @Bean
  JdbcAttemptHistory workerAttemptHistory(DataSource dataSource) {
    return new JdbcAttemptHistory(dataSource);
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  BatchingOutcomeWriter workerOutcomeWriter(
      DataSource dataSource, ObjectMapper json, WorkerProperties worker) {
    WorkerProperties.Writer writer = worker.writer();
    return new BatchingOutcomeWriter(
        dataSource,
        json,
        new BatchingOutcomeWriter.Settings(
            writer.maxBatch(),
            writer.maxDelay(),
            writer.initialBackoff(),
            writer.maxBackoff(),
            writer.closeTimeout()));
  }

  @Bean
  DefaultKafkaProducerFactory<String, byte[]> workerProducerFactory(
      KafkaProperties kafka, ObjectProvider<SslBundles> sslBundles, MeterRegistry meters) {
    DefaultKafkaProducerFactory<String, byte[]> factory =
        new DefaultKafkaProducerFactory<>(
            producerConfig(kafka, sslBundles.getIfAvailable()),
            new StringSerializer(),
            new ByteArraySerializer());
    // Kafka's client metrics as Micrometer meters, bound per producer and removed when it closes;
    // tagged like the API's outbox producer: meters of one name need one tag-key set (standalone)
    factory.addListener(
        new MicrometerProducerListener<>(meters, List.of(Tag.of("producer", "fetchq-worker"))));
    return factory;
  }

  @Bean
  KafkaTemplate<String, byte[]> workerKafkaTemplate(
      @Qualifier("workerProducerFactory") DefaultKafkaProducerFactory<String, byte[]> factory) {
    return new KafkaTemplate<>(factory);
  }

  @Bean
  KafkaFollowUpPublisher workerFollowUpPublisher(
      @Qualifier("workerKafkaTemplate") KafkaTemplate<String, byte[]> template,
      ObjectMapper json,
      Clock clock,
      WorkerKafkaTopicProperties topics,
      WorkerProperties worker,
      MeterRegistry meters,
      @Qualifier("workerTracing") Tracing tracing) {
    return new KafkaFollowUpPublisher(
        template,
        json,
        clock,
        topics.topicPrefix(),
        worker.followUp().sendTimeout(),
        meters,
        tracing);
  }

  @Bean(destroyMethod = "close")
  PublishFollowUp workerPublishFollowUp(
      KafkaFollowUpPublisher publisher, JdbcAttemptHistory history, WorkerProperties worker) {
    return new PublishFollowUp(
        publisher, history, worker.followUp().initialBackoff(), worker.followUp().maxBackoff());
  }

  @Bean
  ClaimAttempts workerClaimAttempts(JdbcAttemptClaimer claimer) {
    return new ClaimAttempts(claimer);
  }

  @Bean
  RunFetchAttempt workerRunFetchAttempt(
      ApacheHttpFetcher fetcher,
      BatchingOutcomeWriter writer,
      @Qualifier("workerPublishFollowUp") PublishFollowUp followUps,
      Clock clock,
      @Qualifier("workerTracing") Tracing tracing,
      MeterRegistry meters) {
    return new RunFetchAttempt(
        new TracingFetcher(fetcher, new HttpSpans(tracing)),
        new TracingOutcomeRecorder(writer, tracing),
        followUps,
        clock,
        () -> ThreadLocalRandom.current().nextDouble(),
        new MicrometerAttemptObserver(meters));
  }

  @Bean
  DefaultKafkaConsumerFactory<String, byte[]> workerJobConsumerFactory(
      KafkaProperties kafka,
      ObjectProvider<SslBundles> sslBundles,
      WorkerProperties worker,
      MeterRegistry meters) {
    Map<String, Object> config = consumerConfig(kafka, sslBundles.getIfAvailable(), worker);
    checkPollInterval(config);
    return withClientMetrics(
        new DefaultKafkaConsumerFactory<>(
            config, new StringDeserializer(), new ByteArrayDeserializer()),
        meters);
  }

  @Bean
  DefaultKafkaConsumerFactory<String, byte[]> workerRetryTierConsumerFactory(
      KafkaProperties kafka,
      ObjectProvider<SslBundles> sslBundles,
      WorkerProperties worker,
      MeterRegistry meters) {
    return withClientMetrics(
        new DefaultKafkaConsumerFactory<>(
            retryTierConsumerConfig(kafka, sslBundles.getIfAvailable(), worker),
            new StringDeserializer(),
            new ByteArrayDeserializer()),
        meters);
  }

  /**
   * Binds Kafka's client metrics ({@code kafka.consumer.*}, among them the consumer lag {@code
   * kafka.consumer.fetch.manager.records.lag.max} and per assigned partition {@code
   * ...records.lag}) of every consumer the factory creates; they are removed when it closes. Tags:
   * {@code client.id} (fixed per loop), {@code spring.id}, and {@code topic}/{@code partition} for
   * per-partition meters, so bounded by the partitions assigned to this process.
   */
  static DefaultKafkaConsumerFactory<String, byte[]> withClientMetrics(
      DefaultKafkaConsumerFactory<String, byte[]> factory, MeterRegistry meters) {
    factory.addListener(new MicrometerConsumerListener<>(meters));
    return factory;
  }

  @Bean
  WorkerTopicCreator workerTopicCreator(
      KafkaProperties kafka,
      ObjectProvider<SslBundles> sslBundles,
      WorkerKafkaTopicProperties topics,
      WorkerProperties worker) {
    return new WorkerTopicCreator(
        kafka.buildAdminProperties(sslBundles.getIfAvailable()),
        topicNames(topics),
        topics.partitions(),
        (short) topics.replicationFactor(),
        worker.topicCreationTimeout());
  }

  @Bean
  JobConsumerLoop workerJobConsumerLoop(
      @Qualifier("workerJobConsumerFactory") DefaultKafkaConsumerFactory<String, byte[]> factory,
      ObjectMapper json,
      ClaimAttempts claimAttempts,
      RunFetchAttempt runFetchAttempt,
      @Qualifier("workerPublishFollowUp") PublishFollowUp publishFollowUp,
      HostBreakers breakers,
      @Qualifier("workerLaneRoom") LaneRoom room,
      Clock clock,
      WorkerTopicCreator topicCreator,
      WorkerKafkaTopicProperties topics,
      WorkerProperties worker,
      MeterRegistry meters,
      @Qualifier("workerTracing") Tracing tracing) {
    WorkerProperties.Consumer consumer = worker.consumer();
    return new JobConsumerLoop(
        factory::createConsumer,
        json,
        claimAttempts,
        runFetchAttempt,
        publishFollowUp,
        breakers,
        room,
        clock,
        topicCreator::ensureTopics,
        new JobConsumerLoop.Settings(
            jobsTopic(topics),
            worker.maxInFlight(),
            consumer.pollTimeout(),
            consumer.commitInterval(),
            consumer.revocationGrace(),
            worker.shutdownGrace(),
            consumer.earlyTolerance(),
            worker.maxPerHost(),
            worker.maxWaiting()),
        meters,
        tracing);
  }

  /** The job loop's room for records handed back for want of it, taken by the retry tiers. */
  @Bean
  LaneRoom workerLaneRoom() {
    return new LaneRoom();
  }

  @Bean
  HostBreakers workerHostBreakers(WorkerProperties worker, Clock clock, MeterRegistry meters) {
    WorkerProperties.Breaker breaker = worker.breaker();
    return new HostBreakers(
        new HostBreakers.Settings(
            breaker.slidingWindowSize(),
            breaker.failureRateThreshold(),
            breaker.minimumCalls(),
            breaker.waitInOpen(),
            breaker.halfOpenCalls(),
            breaker.maxHosts(),
            breaker.recheck()),
        clock,
        meters);
  }

  /** Most open hosts listed in the health details. */
  static final int MAX_OPEN_HOSTS_SHOWN = 20;

  /**
   * Breaker states in {@code /actuator/health} (component {@code workerBreakers}): always UP, since
   * a failing target is not a failing worker; details count breakers per state and list up to
   * {@link #MAX_OPEN_HOSTS_SHOWN} open hosts.
   */
  @Bean
  HealthIndicator workerBreakers(HostBreakers breakers) {
    return () -> breakersHealth(breakers.snapshot(MAX_OPEN_HOSTS_SHOWN));
  }

  static Health breakersHealth(HostBreakers.Snapshot snapshot) {
    Health.Builder health = Health.up();
    snapshot
        .counts()
        .forEach((state, n) -> health.withDetail(state.name().toLowerCase(Locale.ROOT), n));
    return health.withDetail("openHosts", snapshot.openHosts()).build();
  }

  @Bean
  RetryTierForwarder workerRetryTierForwarder(
      @Qualifier("workerRetryTierConsumerFactory") DefaultKafkaConsumerFactory<String, byte[]> factory,
      @Qualifier("workerKafkaTemplate") KafkaTemplate<String, byte[]> template,
      ObjectMapper json,
      @Qualifier("workerLaneRoom") LaneRoom room,
      Clock clock,
      WorkerTopicCreator topicCreator,
      WorkerKafkaTopicProperties topics,
      WorkerProperties worker,
      MeterRegistry meters) {
    WorkerProperties.RetryTiers tiers = worker.retryTiers();
    return new RetryTierForwarder(
        factory::createConsumer,
        template,
        json,
        room,
        topicCreator::ensureTopics,
        clock,
        new RetryTierForwarder.Settings(
            topics.topicPrefix(),
            tiers.maxPollWait(),
            worker.followUp().sendTimeout(),
            worker.followUp().maxBackoff(),
            tiers.shutdownTimeout()),
        meters);
  }

  static List<String> topicNames(WorkerKafkaTopicProperties topics) {
    List<String> names = new ArrayList<>();
    names.add(jobsTopic(topics));
    for (RetryTier tier : RetryTier.values()) {
      names.add(Topics.name(topics.topicPrefix(), tier.topic()));
    }
    names.add(Topics.name(topics.topicPrefix(), Topics.DEAD_LETTERS));
    names.add(Topics.name(topics.topicPrefix(), Topics.CALLBACKS));
    return names;
  }

  static Map<String, Object> producerConfig(KafkaProperties kafka, SslBundles sslBundles) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties(sslBundles));
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "fetchq-worker");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }

  static Map<String, Object> retryTierConsumerConfig(
      KafkaProperties kafka, SslBundles sslBundles, WorkerProperties worker) {
    Map<String, Object> config = consumerConfig(kafka, sslBundles, worker);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, worker.retryTiers().groupId());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "fetchq-worker-retry-tiers");
    config.put(
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
        (int) worker.retryTiers().fetchMaxWait().toMillis());
    return config;
  }

  static String jobsTopic(WorkerKafkaTopicProperties topics) {
    return Topics.name(topics.topicPrefix(), Topics.JOBS);
  }

  static int bodyCap(WorkerProperties worker) {
    long bytes = worker.resultBodyMaxBytes().toBytes();
    if (bytes < 0 || bytes > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException(
          "fetchq.worker.result-body-max-bytes must be between 0 and 2 GiB, was " + bytes);
    }
    return (int) bytes;
  }

  static Map<String, Object> consumerConfig(
      KafkaProperties kafka, SslBundles sslBundles, WorkerProperties worker) {
    WorkerProperties.Consumer consumer = worker.consumer();
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties(sslBundles));
    config.put(
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) consumer.maxPollInterval().toMillis());
    config.putAll(consumer.properties());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, consumer.groupId());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, consumer.maxPollRecords());
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "fetchq-worker");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }

  /**
   * Refuses a {@code max.poll.interval.ms} that a single attempt could outlast: the loop keeps
   * polling while attempts run, but waits for them on revocation and shutdown.
   */
  static void checkPollInterval(Map<String, Object> config) {
    Object raw = config.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
    long millis = raw == null ? 300_000L : Long.parseLong(raw.toString());
    Duration required = LONGEST_ATTEMPT.plus(POLL_INTERVAL_MARGIN);
    if (millis <= required.toMillis()) {
      throw new IllegalStateException(
          "Kafka consumer max.poll.interval.ms="
              + millis
              + " must exceed "
              + required.toMillis()
              + " ms (longest attempt "
              + LONGEST_ATTEMPT.toSeconds()
              + " s plus margin): raise fetchq.worker.consumer.max-poll-interval");
    }
  }
}
