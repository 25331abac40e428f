/**
 * Jobs in PostgreSQL through JPA: package-private entities behind the {@code JobRepository} port.
 */
package io.fetchq.api.jobs.persistence;
