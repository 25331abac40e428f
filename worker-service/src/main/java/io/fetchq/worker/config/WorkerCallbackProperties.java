package io.fetchq.worker.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Webhook delivery settings of the worker ({@code fetchq.worker.callbacks.*}); defaults in {@code
 * fetchq-worker.yml}. The retry schedule is {@link WorkerWebhookProperties}.
 *
 * @param maxInFlight deliveries running at once per worker, apart from fetch work; also the
 *     callback HTTP connection pool size
 * @param maxPerDestination deliveries running at once against one callback host, per worker
 * @param maxWaiting callback records waiting unclaimed for their destination, per worker; beyond it
 *     a record of a busy destination is handed back
 * @param deferDelay how far a message handed back is postponed
 * @param timeout deadline of one delivery: connect, request, response headers and body
 * @param groupId the callbacks consumer group
 * @param pollInterval how often the redelivery scheduler looks for due deliveries
 * @param redeliveryBatch due deliveries published per scheduler transaction
 * @param shutdownGrace how long a stopping worker waits for running deliveries
 * @param userAgent the User-Agent of deliveries
 */
@Validated
@ConfigurationProperties("fetchq.worker.callbacks")
public record WorkerCallbackProperties(
    @DefaultValue("64") @Min(1) @Max(100_000) int maxInFlight,
    @DefaultValue("16") @Min(1) @Max(100_000) int maxPerDestination,
    @DefaultValue("10000") @Min(0) @Max(1_000_000) int maxWaiting,
    @DefaultValue("2s") @NotNull Duration deferDelay,
    @DefaultValue("10s") @NotNull Duration timeout,
    @DefaultValue("fetchq-workers-callbacks") @NotBlank String groupId,
    @DefaultValue("500ms") @NotNull Duration pollInterval,
    @DefaultValue("500") @Min(1) @Max(10_000) int redeliveryBatch,
    @DefaultValue("15s") @NotNull Duration shutdownGrace,
    @DefaultValue("fetchq-webhooks/1") @NotBlank String userAgent) {}
