package io.fetchq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.fetchq.worker.callbacks.domain.RetrySchedule;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.util.unit.DataSize;

class WorkerCallbacksConfigurationTest {

  @Test
  void anInvalidRetryScheduleStopsStartUpNamingTheSetting() {
    assertThatIllegalStateException()
        .isThrownBy(() -> WorkerCallbacksConfiguration.retrySchedule("5s,soon"))
        .withMessageContaining("FETCHQ_WEBHOOK_RETRY_SCHEDULE")
        .withMessageContaining("fetchq.webhooks.retry-schedule")
        .withMessageContaining("soon");
  }

  @Test
  void theDefaultScheduleParses() {
    assertThat(
            WorkerCallbacksConfiguration.retrySchedule(
                    new WorkerWebhookProperties(RetrySchedule.DEFAULT).retrySchedule())
                .size())
        .isEqualTo(9);
  }

  @Test
  void theCallbackConsumerHasItsOwnGroupAndManualCommits() {
    WorkerCallbackProperties callbacks =
        new WorkerCallbackProperties(
            64,
            4,
            Duration.ofSeconds(2),
            Duration.ofSeconds(10),
            "fetchq-workers-callbacks",
            Duration.ofMillis(500),
            500,
            Duration.ofSeconds(15),
            "fetchq-webhooks/1");

    Map<String, Object> config =
        WorkerCallbacksConfiguration.callbackConsumerConfig(
            new KafkaProperties(),
            null,
            WorkerFetchConfigurationTest.worker(Duration.ofMinutes(5), DataSize.ofMegabytes(1)),
            callbacks);

    assertThat(config)
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "fetchq-workers-callbacks")
        .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "fetchq-worker-callbacks")
        .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 128)
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    assertThat(
            WorkerCallbacksConfiguration.callbacksTopic(new WorkerKafkaTopicProperties("p.", 3, 1)))
        .isEqualTo("p.callbacks.v1");
  }
}
