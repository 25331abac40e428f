/** The callbacks consumer loop, the redelivery scheduler and the callback message publisher. */
package io.fetchq.worker.callbacks.messaging;
