/** The {@code dead_letters} table in PostgreSQL behind the {@code DeadLetterRepository} port. */
package io.fetchq.api.deadletters.persistence;
