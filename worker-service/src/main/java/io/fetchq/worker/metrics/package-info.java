/** The worker's job metrics (terminal statuses, latency histograms) and their SLO buckets. */
package io.fetchq.worker.metrics;
