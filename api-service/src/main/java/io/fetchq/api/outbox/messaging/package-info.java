/** Kafka side of the outbox: the publisher, topic creation, the relay's life cycle and metrics. */
package io.fetchq.api.outbox.messaging;
