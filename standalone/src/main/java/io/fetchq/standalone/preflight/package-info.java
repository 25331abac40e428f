/**
 * Checks run before standalone mode starts Spring: PostgreSQL and Redis are reachable, the database
 * exists. Each failure is one sentence telling what to do.
 */
package io.fetchq.standalone.preflight;
