package io.fetchq.worker.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.contracts.Topics;
import io.fetchq.kernel.destinations.DestinationPolicy;
import io.fetchq.worker.callbacks.domain.RetrySchedule;
import io.fetchq.worker.callbacks.http.ApacheWebhookSender;
import io.fetchq.worker.callbacks.http.TracingWebhookSender;
import io.fetchq.worker.callbacks.messaging.CallbackConsumerLoop;
import io.fetchq.worker.callbacks.messaging.KafkaCallbackPublisher;
import io.fetchq.worker.callbacks.messaging.RedeliveryScheduler;
import io.fetchq.worker.callbacks.persistence.JdbcDeliveryStore;
import io.fetchq.worker.callbacks.persistence.JdbcDueDeliveries;
import io.fetchq.worker.callbacks.usecase.DeferDelivery;
import io.fetchq.worker.callbacks.usecase.DeliverWebhook;
import io.fetchq.worker.callbacks.usecase.RedeliverDue;
import io.fetchq.worker.fetch.messaging.WorkerTopicCreator;
import io.fetchq.worker.tracing.HttpSpans;
import io.fetchq.worker.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Wires webhook delivery: callbacks consumer loop → claim → signed POST → outcome, and the
 * redelivery scheduler that publishes due retries. Apart from fetch work: own consumer group,
 * concurrency budget, per-destination limit and HTTP connection pool.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WorkerCallbackProperties.class, WorkerWebhookProperties.class})
public class WorkerCallbacksConfiguration {

  @Bean
  RetrySchedule workerWebhookRetrySchedule(WorkerWebhookProperties webhooks) {
    return retrySchedule(webhooks.retrySchedule());
  }

  static RetrySchedule retrySchedule(String text) {
    try {
      return RetrySchedule.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "invalid fetchq.webhooks.retry-schedule (FETCHQ_WEBHOOK_RETRY_SCHEDULE): "
              + e.getMessage(),
          e);
    }
  }

  @Bean(destroyMethod = "close")
  ApacheWebhookSender workerWebhookSender(
      WorkerCallbackProperties callbacks,
      @Qualifier("workerDestinationPolicy") DestinationPolicy policy) {
    return new ApacheWebhookSender(
        new ApacheWebhookSender.Settings(
            callbacks.maxInFlight(),
            callbacks.maxPerDestination(),
            callbacks.timeout(),
            callbacks.userAgent()),
        policy);
  }

  @Bean
  JdbcDeliveryStore workerDeliveryStore(DataSource dataSource) {
    return new JdbcDeliveryStore(dataSource);
  }

  @Bean
  JdbcDueDeliveries workerDueDeliveries(DataSource dataSource) {
    return new JdbcDueDeliveries(dataSource);
  }

  @Bean
  DeliverWebhook workerDeliverWebhook(
      JdbcDeliveryStore store,
      ApacheWebhookSender sender,
      @Qualifier("workerWebhookRetrySchedule") RetrySchedule schedule,
      Clock clock,
      @Qualifier("workerTracing") Tracing tracing) {
    return new DeliverWebhook(
        store,
        new TracingWebhookSender(sender, new HttpSpans(tracing)),
        schedule,
        clock,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  @Bean
  DeferDelivery workerDeferDelivery(
      JdbcDeliveryStore store, Clock clock, WorkerCallbackProperties callbacks) {
    return new DeferDelivery(store, clock, callbacks.deferDelay());
  }

  @Bean
  KafkaCallbackPublisher workerCallbackPublisher(
      @Qualifier("workerKafkaTemplate") KafkaTemplate<String, byte[]> template,
      ObjectMapper json,
      Clock clock,
      WorkerKafkaTopicProperties topics,
      WorkerProperties worker) {
    return new KafkaCallbackPublisher(
        template, json, clock, callbacksTopic(topics), worker.followUp().sendTimeout());
  }

  @Bean
  RedeliverDue workerRedeliverDue(
      JdbcDueDeliveries due, KafkaCallbackPublisher publisher, WorkerCallbackProperties callbacks) {
    return new RedeliverDue(due, publisher, callbacks.redeliveryBatch());
  }

  @Bean
  DefaultKafkaConsumerFactory<String, byte[]> workerCallbackConsumerFactory(
      KafkaProperties kafka,
      ObjectProvider<SslBundles> sslBundles,
      WorkerProperties worker,
      WorkerCallbackProperties callbacks,
      MeterRegistry meters) {
    return WorkerFetchConfiguration.withClientMetrics(
        new DefaultKafkaConsumerFactory<>(
            callbackConsumerConfig(kafka, sslBundles.getIfAvailable(), worker, callbacks),
            new StringDeserializer(),
            new ByteArrayDeserializer()),
        meters);
  }

  static Map<String, Object> callbackConsumerConfig(
      KafkaProperties kafka,
      SslBundles sslBundles,
      WorkerProperties worker,
      WorkerCallbackProperties callbacks) {
    Map<String, Object> config = WorkerFetchConfiguration.consumerConfig(kafka, sslBundles, worker);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, callbacks.groupId());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "fetchq-worker-callbacks");
    config.put(
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
        Math.min(worker.consumer().maxPollRecords(), callbacks.maxInFlight() * 2));
    return config;
  }

  @Bean
  CallbackConsumerLoop workerCallbackConsumerLoop(
      @Qualifier("workerCallbackConsumerFactory") DefaultKafkaConsumerFactory<String, byte[]> factory,
      ObjectMapper json,
      DeliverWebhook deliver,
      DeferDelivery defer,
      WorkerTopicCreator topicCreator,
      WorkerKafkaTopicProperties topics,
      WorkerProperties worker,
      WorkerCallbackProperties callbacks,
      MeterRegistry meters,
      @Qualifier("workerTracing") Tracing tracing) {
    WorkerProperties.Consumer consumer = worker.consumer();
    return new CallbackConsumerLoop(
        factory::createConsumer,
        json,
        deliver,
        defer,
        topicCreator::ensureTopics,
        new CallbackConsumerLoop.Settings(
            callbacksTopic(topics),
            callbacks.maxInFlight(),
            callbacks.maxPerDestination(),
            callbacks.maxWaiting(),
            consumer.pollTimeout(),
            consumer.commitInterval(),
            consumer.revocationGrace(),
            callbacks.shutdownGrace()),
        meters,
        tracing);
  }

  @Bean
  RedeliveryScheduler workerRedeliveryScheduler(
      RedeliverDue redeliverDue,
      WorkerTopicCreator topicCreator,
      WorkerCallbackProperties callbacks) {
    return new RedeliveryScheduler(
        redeliverDue, callbacks.pollInterval(), topicCreator::ensureTopics);
  }

  static String callbacksTopic(WorkerKafkaTopicProperties topics) {
    return Topics.name(topics.topicPrefix(), Topics.CALLBACKS);
  }
}
