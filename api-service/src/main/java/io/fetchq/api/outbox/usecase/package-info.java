/** The outbox relay loop and the ports it drives. No Spring, no JDBC, no Kafka. */
package io.fetchq.api.outbox.usecase;
