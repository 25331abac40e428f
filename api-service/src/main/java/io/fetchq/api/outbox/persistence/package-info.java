/** The outbox table in PostgreSQL: written in the caller's transaction, drained by the relay. */
package io.fetchq.api.outbox.persistence;
