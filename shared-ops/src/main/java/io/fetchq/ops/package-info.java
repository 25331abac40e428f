/**
 * Operational building blocks api-service and worker-service share (health checks). Spring Boot's
 * health API and Kafka's admin client only; no beans, no service code.
 */
package io.fetchq.ops;
