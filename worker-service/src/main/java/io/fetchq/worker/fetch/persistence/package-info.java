/** PostgreSQL adapters (plain JDBC): batch claims and the group-committing outcome writer. */
package io.fetchq.worker.fetch.persistence;
