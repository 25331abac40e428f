package io.fetchq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.util.unit.DataSize;

class WorkerFetchConfigurationTest {

  static WorkerProperties worker(Duration maxPollInterval, DataSize cap) {
    return new WorkerProperties(
        256,
        16,
        10_000,
        cap,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        new WorkerProperties.Consumer(
            "fetchq-workers",
            Duration.ofMillis(100),
            500,
            maxPollInterval,
            Duration.ofMillis(200),
            Duration.ofSeconds(10),
            Duration.ofMillis(50),
            Map.of("client.rack", "eu-1a", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true")),
        new WorkerProperties.Writer(
            500,
            Duration.ofMillis(5),
            Duration.ofMillis(100),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10)),
        new WorkerProperties.FollowUp(
            Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(5)),
        new WorkerProperties.RetryTiers(
            "fetchq-retry-tiers",
            Duration.ofMillis(100),
            Duration.ofMillis(50),
            Duration.ofSeconds(10)),
        new WorkerProperties.Breaker(
            20, 50, 10, Duration.ofSeconds(30), 3, 1000, Duration.ofSeconds(1)));
  }

  @Test
  void everyConsumerAndTheProducerBindKafkaClientMetrics() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    WorkerFetchConfiguration configuration = new WorkerFetchConfiguration();
    ObjectProvider<SslBundles> noSsl =
        new StaticListableBeanFactory().getBeanProvider(SslBundles.class);
    WorkerProperties worker = worker(Duration.ofMinutes(5), DataSize.ofMegabytes(1));

    assertThat(
            configuration
                .workerJobConsumerFactory(new KafkaProperties(), noSsl, worker, meters)
                .getListeners())
        .singleElement()
        .isInstanceOf(MicrometerConsumerListener.class);
    assertThat(
            configuration
                .workerRetryTierConsumerFactory(new KafkaProperties(), noSsl, worker, meters)
                .getListeners())
        .singleElement()
        .isInstanceOf(MicrometerConsumerListener.class);
    assertThat(
            configuration
                .workerProducerFactory(new KafkaProperties(), noSsl, meters)
                .getListeners())
        .singleElement()
        .isInstanceOf(MicrometerProducerListener.class);
  }

  @Test
  void theProducerIsIdempotentAndWaitsForAllReplicas() {
    Map<String, Object> config =
        WorkerFetchConfiguration.producerConfig(new KafkaProperties(), null);

    assertThat(config)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
  }

  @Test
  void theRetryTierConsumerHasItsOwnGroupAndShortFetchWaits() {
    Map<String, Object> config =
        WorkerFetchConfiguration.retryTierConsumerConfig(
            new KafkaProperties(), null, worker(Duration.ofMinutes(5), DataSize.ofMegabytes(1)));

    assertThat(config)
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "fetchq-retry-tiers")
        .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50)
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
  }

  @Test
  void createsTheJobsTheTierTheDeadLetterAndTheCallbackTopics() {
    assertThat(WorkerFetchConfiguration.topicNames(new WorkerKafkaTopicProperties("p.", 3, 1)))
        .containsExactly(
            "p.jobs.v1",
            "p.retry-250ms.v1",
            "p.retry-1s.v1",
            "p.retry-10s.v1",
            "p.retry-1m.v1",
            "p.retry-10m.v1",
            "p.retry-1h.v1",
            "p.dead-letters.v1",
            "p.callbacks.v1");
  }

  @Test
  void forcesTheConsumerSettingsTheLoopReliesOn() {
    Map<String, Object> config =
        WorkerFetchConfiguration.consumerConfig(
            new KafkaProperties(), null, worker(Duration.ofMinutes(5), DataSize.ofMegabytes(1)));

    assertThat(config)
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "fetchq-workers")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500)
        .containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000)
        .containsEntry("client.rack", "eu-1a");
  }

  @Test
  void refusesAPollIntervalAnAttemptCouldOutlast() {
    Map<String, Object> tooShort =
        WorkerFetchConfiguration.consumerConfig(
            new KafkaProperties(), null, worker(Duration.ofSeconds(90), DataSize.ofMegabytes(1)));

    assertThatThrownBy(() -> WorkerFetchConfiguration.checkPollInterval(tooShort))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("max.poll.interval.ms=90000")
        .hasMessageContaining("fetchq.worker.consumer.max-poll-interval");
  }

  @Test
  void acceptsAPollIntervalAboveTheLongestAttemptPlusMargin() {
    WorkerFetchConfiguration.checkPollInterval(
        Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "90001"));
    WorkerFetchConfiguration.checkPollInterval(Map.of());
  }

  @Test
  void boundsTheBodyCap() {
    assertThat(
            WorkerFetchConfiguration.bodyCap(
                worker(Duration.ofMinutes(5), DataSize.ofBytes(1_048_576))))
        .isEqualTo(1_048_576);
    assertThatThrownBy(
            () ->
                WorkerFetchConfiguration.bodyCap(
                    worker(Duration.ofMinutes(5), DataSize.ofGigabytes(4))))
        .isInstanceOf(IllegalStateException.class);
  }
}
