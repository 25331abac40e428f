/** A batch of jobs and its progress, computed from its jobs' states. No Spring, no JDBC. */
package io.fetchq.api.batches.domain;
