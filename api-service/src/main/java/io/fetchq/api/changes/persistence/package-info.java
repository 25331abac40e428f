/** PostgreSQL {@code LISTEN} on one dedicated connection, fanned out to the change listeners. */
package io.fetchq.api.changes.persistence;
