/** Readiness check of the API's Redis for the actuator health groups (Kafka's: shared-ops). */
package io.fetchq.api.health;
