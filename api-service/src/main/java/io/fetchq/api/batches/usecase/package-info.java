/** Batch use cases (submit, read, list its jobs) and the ports they need. No Spring, no JDBC. */
package io.fetchq.api.batches.usecase;
