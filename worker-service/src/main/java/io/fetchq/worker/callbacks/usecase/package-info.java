/** Webhook delivery use cases and their ports. */
package io.fetchq.worker.callbacks.usecase;
