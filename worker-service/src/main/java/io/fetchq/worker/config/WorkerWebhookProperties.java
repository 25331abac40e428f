package io.fetchq.worker.config;

import io.fetchq.worker.callbacks.domain.RetrySchedule;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The deployment-wide webhook settings ({@code fetchq.webhooks.*}) the worker reads.
 *
 * @param retrySchedule delays between redeliveries ({@code FETCHQ_WEBHOOK_RETRY_SCHEDULE}), e.g.
 *     {@code 1s,2s,4s}; parsed by {@link RetrySchedule#parse} at start-up
 */
@Validated
@ConfigurationProperties("fetchq.webhooks")
public record WorkerWebhookProperties(@DefaultValue(RetrySchedule.DEFAULT) String retrySchedule) {}
