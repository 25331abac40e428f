/** Webhook events and their deliveries: ids, states, dead-letter entries and filters. */
package io.fetchq.api.callbacks.domain;
