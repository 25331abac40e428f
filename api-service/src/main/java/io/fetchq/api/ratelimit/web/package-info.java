/** The RateLimit, RateLimit-Policy and Retry-After fields on jobs and batches answers; 429. */
package io.fetchq.api.ratelimit.web;
