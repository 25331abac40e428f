/** Micrometer implementations of the API use cases' metric ports. */
package io.fetchq.api.metrics;
