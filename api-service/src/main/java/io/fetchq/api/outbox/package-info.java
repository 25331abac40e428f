/**
 * The transactional outbox: messages written with the change that causes them, relayed to Kafka.
 */
package io.fetchq.api.outbox;
