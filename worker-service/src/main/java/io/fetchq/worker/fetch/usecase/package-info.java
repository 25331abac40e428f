/** Claiming attempts and running them, with the narrow ports those use cases need. */
package io.fetchq.worker.fetch.usecase;
