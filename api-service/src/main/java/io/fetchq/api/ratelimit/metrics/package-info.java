/** Micrometer meters of the rate limiter. */
package io.fetchq.api.ratelimit.metrics;
