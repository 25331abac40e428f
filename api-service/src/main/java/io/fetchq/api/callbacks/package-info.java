/**
 * Webhook events on the API side (API.md "Webhooks (callbacks)"): rendering the events the database
 * records into their payloads and queueing their first delivery, the job's {@code callback} view,
 * and the callback dead-letter queue for operators.
 */
package io.fetchq.api.callbacks;
