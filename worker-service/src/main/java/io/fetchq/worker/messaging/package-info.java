/** Kafka consumer-loop building blocks shared by the worker's features. */
package io.fetchq.worker.messaging;
