/**
 * The {@code Idempotency-Key} header, canonical request fingerprints and the problems of a reused
 * or in-flight key, for every controller that accepts the header.
 */
package io.fetchq.api.idempotency.web;
