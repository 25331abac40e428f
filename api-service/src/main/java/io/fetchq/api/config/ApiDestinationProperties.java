package io.fetchq.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The common destination settings ({@code fetchq.destinations.*}, see fetchq-common.yml) as the API
 * reads them.
 *
 * @param allowedCidrs comma-separated ranges exempt from the destination refusal rules ({@code
 *     FETCHQ_ALLOWED_CIDRS}); blank means none
 */
@ConfigurationProperties("fetchq.destinations")
public record ApiDestinationProperties(@DefaultValue("") String allowedCidrs) {}
