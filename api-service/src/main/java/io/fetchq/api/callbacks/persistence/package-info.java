/** The webhook_deliveries table in PostgreSQL, on the caller's transaction. */
package io.fetchq.api.callbacks.persistence;
