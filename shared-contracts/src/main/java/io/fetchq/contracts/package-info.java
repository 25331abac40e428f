/** What crosses service boundaries: Kafka topic names and versioned message records. */
package io.fetchq.contracts;
