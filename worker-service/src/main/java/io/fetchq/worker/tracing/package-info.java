/**
 * Tracing helpers shared by the worker's adapters: W3C trace context in Kafka record headers, the
 * spans of the asynchronous hops, and the trace and span ids in the logging MDC. Never used by
 * {@code domain} or {@code usecase} code.
 */
package io.fetchq.worker.tracing;
