/**
 * Tenants and API keys: creating tenants, issuing and revoking keys, authenticating keys into
 * tenant principals. No Spring, no JPA.
 */
package io.fetchq.api.tenants.usecase;
