/** Authenticating API keys into tenant principals. No Spring, no JPA. */
package io.fetchq.api.tenants.usecase;
