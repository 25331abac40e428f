package io.fetchq.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.batches.usecase.GetBatch;
import io.fetchq.api.callbacks.persistence.JdbcCallbackDeadLetterRepository;
import io.fetchq.api.callbacks.persistence.JdbcWebhookEventStore;
import io.fetchq.api.callbacks.runner.WebhookEventPreparer;
import io.fetchq.api.callbacks.usecase.CallbackDeadLetterRepository;
import io.fetchq.api.callbacks.usecase.CallbackDispatches;
import io.fetchq.api.callbacks.usecase.ListCallbackDeadLetters;
import io.fetchq.api.callbacks.usecase.PrepareWebhookEvents;
import io.fetchq.api.callbacks.usecase.ReplayCallbackDeadLetter;
import io.fetchq.api.callbacks.usecase.ReplayCallbackDeadLetters;
import io.fetchq.api.callbacks.usecase.WebhookEventStore;
import io.fetchq.api.callbacks.usecase.WebhookPayloads;
import io.fetchq.api.callbacks.web.WebhookPayloadRenderer;
import io.fetchq.api.deadletters.usecase.ReplayMetrics;
import io.fetchq.api.jobs.usecase.GetJob;
import io.fetchq.api.jobs.usecase.Transactions;
import io.fetchq.api.jobs.web.JobResponseMapper;
import io.fetchq.api.web.ApiJson;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Webhook events on the API side (API.md "Webhooks (callbacks)", "Operations"): the preparer that
 * renders new events and queues their first delivery, and the callback dead-letter operations.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiCallbackProperties.class)
public class ApiCallbackConfiguration {

  @Bean
  WebhookEventStore apiWebhookEventStore(DataSource dataSource) {
    return new JdbcWebhookEventStore(dataSource);
  }

  /**
   * Bodies rendered with the JSON dialect Spring MVC answers with ({@link ApiJson} on a copy of
   * Boot's mapper, as {@code apiJsonDialect} configures it), so {@code data} equals {@code GET}.
   */
  @Bean
  WebhookPayloads apiWebhookPayloads(
      GetJob getJob, JobResponseMapper jobs, GetBatch getBatch, ObjectMapper objectMapper) {
    return new WebhookPayloadRenderer(
        getJob, jobs, getBatch, ApiJson.configure(objectMapper.copy()));
  }

  @Bean
  PrepareWebhookEvents apiPrepareWebhookEvents(
      WebhookEventStore events,
      WebhookPayloads payloads,
      CallbackDispatches dispatches,
      Transactions transactions,
      Clock clock,
      ApiCallbackProperties properties) {
    return new PrepareWebhookEvents(
        events, payloads, dispatches, transactions, clock, properties.prepareBatchSize());
  }

  /** One per instance; also the {@code fetchq_webhook_events} channel's change listener. */
  @Bean
  @ConditionalOnProperty(
      name = "fetchq.api.callbacks.preparer-enabled",
      havingValue = "true",
      matchIfMissing = true)
  WebhookEventPreparer apiWebhookEventPreparer(
      PrepareWebhookEvents prepare, ApiCallbackProperties properties) {
    return new WebhookEventPreparer(prepare, properties.preparePollInterval());
  }

  @Bean
  CallbackDeadLetterRepository apiCallbackDeadLetterRepository(DataSource dataSource) {
    return new JdbcCallbackDeadLetterRepository(dataSource);
  }

  @Bean
  ListCallbackDeadLetters apiListCallbackDeadLetters(CallbackDeadLetterRepository deadLetters) {
    return new ListCallbackDeadLetters(deadLetters);
  }

  @Bean
  ReplayCallbackDeadLetter apiReplayCallbackDeadLetter(
      CallbackDeadLetterRepository deadLetters,
      CallbackDispatches dispatches,
      Transactions transactions,
      Clock clock,
      ObjectProvider<ReplayMetrics> metrics) {
    return new ReplayCallbackDeadLetter(
        deadLetters,
        dispatches,
        transactions,
        clock,
        metrics.getIfAvailable(() -> ReplayMetrics.NONE));
  }

  @Bean
  ReplayCallbackDeadLetters apiReplayCallbackDeadLetters(
      CallbackDeadLetterRepository deadLetters,
      CallbackDispatches dispatches,
      Transactions transactions,
      Clock clock,
      ObjectProvider<ReplayMetrics> metrics) {
    return new ReplayCallbackDeadLetters(
        deadLetters,
        dispatches,
        transactions,
        clock,
        metrics.getIfAvailable(() -> ReplayMetrics.NONE));
  }
}
