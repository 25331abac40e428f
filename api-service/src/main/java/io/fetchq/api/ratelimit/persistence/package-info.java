/** The Redis bucket store (one Lua script per request) and the cached tenant limits. */
package io.fetchq.api.ratelimit.persistence;
