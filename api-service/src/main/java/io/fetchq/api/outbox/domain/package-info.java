/** What an outbox row holds. No Spring, no JDBC, no Kafka. */
package io.fetchq.api.outbox.domain;
