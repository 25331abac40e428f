/**
 * Job use cases (submit, get, cancel, list attempts) and the ports they need. No Spring, no JPA, no
 * Kafka.
 */
package io.fetchq.api.jobs.usecase;
