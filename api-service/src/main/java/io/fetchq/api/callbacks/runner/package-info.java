/** The background thread that prepares new webhook events, woken by database notifications. */
package io.fetchq.api.callbacks.runner;
