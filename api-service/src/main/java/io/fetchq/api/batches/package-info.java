/** Batches: up to 1000 jobs accepted all or nothing, followed as one. */
package io.fetchq.api.batches;
