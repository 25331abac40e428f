/** The Kafka consumer loop: bounded concurrency, out-of-order completion, safe offset commits. */
package io.fetchq.worker.fetch.messaging;
