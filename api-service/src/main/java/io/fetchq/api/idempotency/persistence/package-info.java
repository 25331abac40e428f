/** The idempotency key store on PostgreSQL (plain JDBC, advisory locks). */
package io.fetchq.api.idempotency.persistence;
