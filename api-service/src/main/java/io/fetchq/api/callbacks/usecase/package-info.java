/** Preparing webhook events for delivery; listing and replaying callback dead letters. */
package io.fetchq.api.callbacks.usecase;
