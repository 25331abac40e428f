/**
 * Rate limits (API.md "Rate limits"): a token bucket per tenant plus a global one, shared by every
 * API instance through Redis, with a per-instance fallback while Redis is unreachable.
 */
package io.fetchq.api.ratelimit;
