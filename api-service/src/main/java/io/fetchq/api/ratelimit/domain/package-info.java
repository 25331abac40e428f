/** Token bucket math and the decisions of the rate limiter; plain Java. */
package io.fetchq.api.ratelimit.domain;
