/**
 * Readiness checks both services run identically, for the actuator health groups: the Kafka cluster
 * check and the cache that bounds what a probe costs. Each service picks the status an unreachable
 * dependency reports and registers the indicators itself.
 */
package io.fetchq.ops.health;
