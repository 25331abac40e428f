/**
 * Change notifications from the database (PostgreSQL {@code LISTEN}, channels of {@link
 * io.fetchq.contracts.DatabaseChannels}), fanned out to the use cases that react to them.
 */
package io.fetchq.api.changes;
