/** Readiness checks of the API's dependencies (Kafka, Redis) for the actuator health groups. */
package io.fetchq.api.health;
