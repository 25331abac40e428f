/** Tenants and API keys on PostgreSQL (plain JDBC), and the short-lived key lookup cache. */
package io.fetchq.api.tenants.persistence;
