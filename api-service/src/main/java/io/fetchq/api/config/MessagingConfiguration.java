package io.fetchq.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.callbacks.usecase.CallbackDispatches;
import io.fetchq.api.jobs.persistence.GroupCommitJobIntake;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.outbox.messaging.KafkaOutboxPublisher;
import io.fetchq.api.outbox.messaging.MicrometerRelayObserver;
import io.fetchq.api.outbox.messaging.OutboxRelayLifecycle;
import io.fetchq.api.outbox.messaging.TopicCreator;
import io.fetchq.api.outbox.persistence.JdbcOutboxStore;
import io.fetchq.api.outbox.persistence.OutboxCallbackDispatches;
import io.fetchq.api.outbox.persistence.OutboxJobDispatches;
import io.fetchq.api.outbox.usecase.OutboxRelay;
import io.fetchq.api.tracing.Tracing;
import io.fetchq.contracts.Topics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;

/**
 * The transactional outbox: job messages are written to PostgreSQL in the submitting transaction
 * ({@link OutboxJobDispatches}) and relayed to Kafka by {@link OutboxRelay} with a dedicated
 * idempotent producer. Boot's auto-configured KafkaTemplate is not used.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  ApiOutboxProperties.class,
  ApiKafkaTopicProperties.class,
  ApiJobIntakeProperties.class
})
public class MessagingConfiguration {

  /** Headroom over the producer's delivery timeout when waiting for a batch's acknowledgements. */
  static final Duration ACK_MARGIN = Duration.ofSeconds(5);

  @Bean
  DefaultKafkaProducerFactory<String, byte[]> apiOutboxProducerFactory(
      KafkaProperties kafka,
      ObjectProvider<SslBundles> sslBundles,
      ApiOutboxProperties outbox,
      MeterRegistry meters) {
    DefaultKafkaProducerFactory<String, byte[]> factory =
        new DefaultKafkaProducerFactory<>(
            producerConfig(kafka.buildProducerProperties(sslBundles.getIfAvailable()), outbox),
            new StringSerializer(),
            new ByteArraySerializer());
    factory.addListener(
        new MicrometerProducerListener<>(meters, List.of(Tag.of("producer", "fetchq-api-outbox"))));
    return factory;
  }

  @Bean
  KafkaTemplate<String, byte[]> apiOutboxKafkaTemplate(
      @Qualifier("apiOutboxProducerFactory") DefaultKafkaProducerFactory<String, byte[]> factory) {
    return new KafkaTemplate<>(factory);
  }

  @Bean
  KafkaOutboxPublisher apiOutboxPublisher(
      @Qualifier("apiOutboxKafkaTemplate") KafkaTemplate<String, byte[]> template,
      ApiOutboxProperties outbox,
      @Qualifier("apiTracing") Tracing tracing) {
    return new KafkaOutboxPublisher(
        template, outbox.producer().deliveryTimeout().plus(ACK_MARGIN), tracing);
  }

  @Bean
  JdbcOutboxStore apiOutboxStore(DataSource dataSource, ObjectMapper json) {
    return new JdbcOutboxStore(dataSource, json);
  }

  @Bean
  MicrometerRelayObserver apiOutboxMetrics(
      MeterRegistry meters,
      @Qualifier("apiOutboxStore") JdbcOutboxStore store,
      ApiOutboxProperties outbox,
      Clock clock) {
    return new MicrometerRelayObserver(meters, store, outbox.backlogRefresh(), clock);
  }

  @Bean
  OutboxRelay apiOutboxRelay(
      @Qualifier("apiOutboxStore") JdbcOutboxStore store,
      @Qualifier("apiOutboxPublisher") KafkaOutboxPublisher publisher,
      @Qualifier("apiOutboxMetrics") MicrometerRelayObserver metrics,
      ApiOutboxProperties outbox) {
    return new OutboxRelay(
        store,
        publisher,
        new OutboxRelay.Settings(
            outbox.batchSize(),
            outbox.pollInterval(),
            outbox.initialBackoff(),
            outbox.maxBackoff(),
            outbox.stopTimeout()),
        metrics,
        "fetchq-api-outbox-relay");
  }

  @Bean
  TopicCreator apiJobsTopicCreator(
      KafkaProperties kafka,
      ObjectProvider<SslBundles> sslBundles,
      ApiKafkaTopicProperties topics,
      ApiOutboxProperties outbox) {
    return topicCreator(kafka, sslBundles, topics, outbox, jobsTopic(topics));
  }

  /** The webhook deliveries' topic; the worker creates it too, whichever starts first. */
  @Bean
  TopicCreator apiCallbacksTopicCreator(
      KafkaProperties kafka,
      ObjectProvider<SslBundles> sslBundles,
      ApiKafkaTopicProperties topics,
      ApiOutboxProperties outbox) {
    return topicCreator(kafka, sslBundles, topics, outbox, callbacksTopic(topics));
  }

  @Bean
  OutboxRelayLifecycle apiOutboxRelayLifecycle(
      @Qualifier("apiOutboxRelay") OutboxRelay relay,
      @Qualifier("apiJobsTopicCreator") TopicCreator jobsTopic,
      @Qualifier("apiCallbacksTopicCreator") TopicCreator callbacksTopic) {
    return new OutboxRelayLifecycle(relay, List.of(jobsTopic, callbacksTopic));
  }

  @Bean
  OutboxJobDispatches apiJobDispatches(
      DataSource dataSource,
      ObjectMapper json,
      ApiKafkaTopicProperties topics,
      @Qualifier("apiOutboxRelay") OutboxRelay relay,
      @Qualifier("apiTracing") Tracing tracing) {
    return new OutboxJobDispatches(dataSource, json, jobsTopic(topics), relay::wake, tracing);
  }

  /**
   * Stores single jobs submitted without an idempotency key with group commit; the sizes of the
   * groups are the {@code fetchq.api.job.intake.group} distribution, the jobs waiting for their
   * commit the {@code fetchq.api.job.intake.waiting} gauge.
   */
  @Bean(destroyMethod = "close")
  GroupCommitJobIntake apiJobIntake(
      DataSource dataSource,
      ObjectMapper json,
      @Qualifier("apiJobDispatches") OutboxJobDispatches dispatches,
      Transactions transactions,
      @Qualifier("apiTracing") Tracing tracing,
      ApiJobIntakeProperties intake,
      MeterRegistry meters) {
    DistributionSummary groups =
        DistributionSummary.builder("fetchq.api.job.intake.group")
            .description("Single jobs stored by one group-commit transaction")
            .baseUnit("jobs")
            .register(meters);
    GroupCommitJobIntake jobIntake =
        new GroupCommitJobIntake(
            dataSource,
            json,
            dispatches,
            transactions,
            tracing,
            intake.committers(),
            intake.maxGroup(),
            groups::record);
    Gauge.builder("fetchq.api.job.intake.waiting", jobIntake, GroupCommitJobIntake::waiting)
        .description("Accepted single jobs waiting for their group-commit transaction to commit")
        .baseUnit("jobs")
        .register(meters);
    return jobIntake;
  }

  /** Callback messages (webhook deliveries) through the same outbox and relay. */
  @Bean
  CallbackDispatches apiCallbackDispatches(
      DataSource dataSource,
      ObjectMapper json,
      ApiKafkaTopicProperties topics,
      @Qualifier("apiOutboxRelay") OutboxRelay relay) {
    return new OutboxCallbackDispatches(dataSource, json, callbacksTopic(topics), relay::wake);
  }

  static String jobsTopic(ApiKafkaTopicProperties topics) {
    return Topics.name(topics.topicPrefix(), Topics.JOBS);
  }

  static String callbacksTopic(ApiKafkaTopicProperties topics) {
    return Topics.name(topics.topicPrefix(), Topics.CALLBACKS);
  }

  private static TopicCreator topicCreator(
      KafkaProperties kafka,
      ObjectProvider<SslBundles> sslBundles,
      ApiKafkaTopicProperties topics,
      ApiOutboxProperties outbox,
      String name) {
    return new TopicCreator(
        kafka.buildAdminProperties(sslBundles.getIfAvailable()),
        name,
        topics.partitions(),
        (short) topics.replicationFactor(),
        outbox.topicCreationTimeout());
  }

  /**
   * Boot's producer settings (bootstrap servers, security) with what the outbox requires on top:
   * idempotence, {@code acks=all}, bounded blocking and delivery, then the configured extras.
   *
   * @throws IllegalStateException if {@code delivery.timeout < linger + request.timeout}, which the
   *     Kafka producer would refuse only at the first send
   */
  static Map<String, Object> producerConfig(Map<String, Object> base, ApiOutboxProperties outbox) {
    ApiOutboxProperties.Producer producer = outbox.producer();
    if (producer.deliveryTimeout().compareTo(producer.linger().plus(producer.requestTimeout()))
        < 0) {
      throw new IllegalStateException(
          "fetchq.api.outbox.producer.delivery-timeout must be at least linger + request-timeout");
    }
    Map<String, Object> config = new HashMap<>(base);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "fetchq-api-outbox");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, producer.maxInFlight());
    config.put(ProducerConfig.LINGER_MS_CONFIG, (int) producer.linger().toMillis());
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, (int) producer.batchSize().toBytes());
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, producer.compression());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis(producer.deliveryTimeout()));
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis(producer.requestTimeout()));
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) millis(producer.maxBlock()));
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.putAll(producer.properties());
    return config;
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }
}
