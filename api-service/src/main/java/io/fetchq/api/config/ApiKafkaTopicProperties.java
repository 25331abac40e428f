package io.fetchq.api.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The common topic settings ({@code fetchq.kafka.*}, from {@code fetchq-common.yml}) as the API
 * reads them.
 *
 * @param topicPrefix prefix of every topic name
 * @param partitions partitions of a topic the API creates
 * @param replicationFactor replication factor of a topic the API creates
 */
@Validated
@ConfigurationProperties("fetchq.kafka")
public record ApiKafkaTopicProperties(
    @DefaultValue("fetchq.") @NotNull String topicPrefix,
    @DefaultValue("12") @Min(1) int partitions,
    @DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) int replicationFactor) {}
