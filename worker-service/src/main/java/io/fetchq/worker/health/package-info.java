/** Readiness check of the worker's Kafka cluster for the actuator health groups. */
package io.fetchq.worker.health;
