/** Webhook delivery: claim an attempt, sign and POST the event, record the outcome, redeliver. */
package io.fetchq.worker.callbacks;
