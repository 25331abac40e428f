package io.fetchq.api.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Webhook events on the API side ({@code fetchq.api.callbacks.*}).
 *
 * @param prepareBatchSize events rendered and queued per transaction at most
 * @param preparePollInterval the longest wait for new events without a database notification
 *     (notifications lost while the listener reconnects are picked up by this poll)
 * @param preparerEnabled whether this instance prepares events at all
 */
@Validated
@ConfigurationProperties("fetchq.api.callbacks")
public record ApiCallbackProperties(
    @DefaultValue("100") @Min(1) @Max(1000) int prepareBatchSize,
    @DefaultValue("1s") @NotNull Duration preparePollInterval,
    @DefaultValue("true") boolean preparerEnabled) {}
