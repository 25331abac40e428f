package io.fetchq.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The common destination settings ({@code fetchq.destinations.*}).
 *
 * @param allowedCidrs comma-separated ranges exempt from the refusal rules ({@code
 *     FETCHQ_ALLOWED_CIDRS}); blank = none
 */
@Validated
@ConfigurationProperties("fetchq.destinations")
public record WorkerDestinationProperties(@DefaultValue("") String allowedCidrs) {}
