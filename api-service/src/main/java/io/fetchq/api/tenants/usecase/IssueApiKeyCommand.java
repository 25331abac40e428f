package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.Objects;
import java.util.Set;

/**
 * Issue an API key.
 *
 * @param tenantId the tenant the key acts for
 * @param scopes the scopes it grants (duplicates are meaningless; order does not matter)
 */
public record IssueApiKeyCommand(TenantId tenantId, Set<Scope> scopes) {
  public IssueApiKeyCommand {
    Objects.requireNonNull(tenantId, "tenantId");
    scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
  }
}
