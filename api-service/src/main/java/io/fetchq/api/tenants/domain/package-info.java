/**
 * Tenants and their API keys: who owns jobs, what a key may do, rate limits and webhook secrets. No
 * Spring, no JPA.
 */
package io.fetchq.api.tenants.domain;
