/** Batches in PostgreSQL with plain JDBC; the counts are one aggregate over the batch's jobs. */
package io.fetchq.api.batches.persistence;
