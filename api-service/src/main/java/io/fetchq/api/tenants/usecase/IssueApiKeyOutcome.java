package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.ApiKey;
import io.fetchq.api.tenants.domain.ApiKeySecret;
import io.fetchq.api.tenants.domain.TenantId;

/** What {@link IssueApiKey} did. */
public sealed interface IssueApiKeyOutcome {

  /**
   * The key was stored (its digest); {@code secret} is the key itself, to be shown to the caller
   * once and never kept.
   */
  record Issued(ApiKey key, ApiKeySecret secret) implements IssueApiKeyOutcome {}

  /** Nothing was stored: the tenant does not exist. */
  record TenantNotFound(TenantId tenantId) implements IssueApiKeyOutcome {}

  /** Nothing was stored: the tenant may not hold these scopes ({@code reason} says why). */
  record ScopesRefused(String reason) implements IssueApiKeyOutcome {}
}
