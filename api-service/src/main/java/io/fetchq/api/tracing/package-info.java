/**
 * Tracing helpers for the API's adapters: the W3C trace context of the current request as outbox
 * headers, the relay's PRODUCER spans, and trace and span ids in the logging MDC. Never used by
 * {@code domain} or {@code usecase} code.
 */
package io.fetchq.api.tracing;
