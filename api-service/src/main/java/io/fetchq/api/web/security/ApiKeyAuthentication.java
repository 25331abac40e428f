package io.fetchq.api.web.security;

import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.tenants.domain.Scope;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An API-key authentication. Before authentication it carries the presented key; after, the {@link
 * ApiPrincipal} with one authority per effective scope ({@code jobs:read}, {@code jobs:write},
 * {@code admin}) and no key.
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

  private final ApiPrincipal principal;
  private String key;

  private ApiKeyAuthentication(
      String key, ApiPrincipal principal, List<? extends GrantedAuthority> authorities) {
    super(authorities);
    this.key = key;
    this.principal = principal;
    super.setAuthenticated(principal != null);
  }

  /** A request to authenticate {@code key}. */
  public static ApiKeyAuthentication unauthenticated(String key) {
    return new ApiKeyAuthentication(key, null, List.of());
  }

  /** {@code principal}, authenticated, with its effective scopes as authorities. */
  public static ApiKeyAuthentication authenticated(ApiPrincipal principal) {
    return new ApiKeyAuthentication(
        null,
        principal,
        principal.effectiveScopes().stream()
            .map(Scope::wireName)
            .sorted()
            .map(SimpleGrantedAuthority::new)
            .toList());
  }

  /** The presented key until authenticated; null afterwards. */
  @Override
  public String getCredentials() {
    return key;
  }

  /** The authenticated caller; null before authentication. */
  @Override
  public ApiPrincipal getPrincipal() {
    return principal;
  }

  @Override
  public String getName() {
    return principal == null ? "" : principal.tenantId().toString();
  }

  @Override
  public void setAuthenticated(boolean authenticated) {
    if (authenticated) {
      throw new IllegalArgumentException("use ApiKeyAuthentication.authenticated(principal)");
    }
    super.setAuthenticated(false);
  }

  @Override
  public void eraseCredentials() {
    super.eraseCredentials();
    key = null;
  }
}
