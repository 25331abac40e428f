/** The background thread that drives bulk dead-letter replay runs on every API instance. */
package io.fetchq.api.deadletters.runner;
