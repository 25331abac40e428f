/** The {@code webhook_deliveries} table behind the delivery ports (guarded claims and outcomes). */
package io.fetchq.worker.callbacks.persistence;
