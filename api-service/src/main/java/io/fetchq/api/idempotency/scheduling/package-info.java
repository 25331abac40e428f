/** The background schedule that purges expired idempotency keys. */
package io.fetchq.api.idempotency.scheduling;
