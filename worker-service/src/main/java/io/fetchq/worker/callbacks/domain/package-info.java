/** Webhook delivery rules: retry schedule, outcome decision, signing keys and headers. */
package io.fetchq.worker.callbacks.domain;
