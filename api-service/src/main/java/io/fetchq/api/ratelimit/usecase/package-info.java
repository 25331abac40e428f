/** Acquiring tokens for a tenant, the bucket store port, and failing over to local buckets. */
package io.fetchq.api.ratelimit.usecase;
