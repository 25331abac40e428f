package io.fetchq.api.web.security;

import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.tenants.usecase.ApiKeyAuthenticator;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Authenticates an {@link ApiKeyAuthentication} with the installed {@link ApiKeyAuthenticator}s, in
 * order; the first that recognises the key wins. A key nobody recognises is a {@link
 * BadCredentialsException}.
 */
public final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

  private final List<ApiKeyAuthenticator> authenticators;

  public ApiKeyAuthenticationProvider(List<ApiKeyAuthenticator> authenticators) {
    this.authenticators = List.copyOf(authenticators);
  }

  @Override
  public Authentication authenticate(Authentication authentication) throws AuthenticationException {
    String key = ((ApiKeyAuthentication) authentication).getCredentials();
    if (key == null || key.isEmpty()) {
      throw new BadCredentialsException("no API key");
    }
    for (ApiKeyAuthenticator authenticator : authenticators) {
      Optional<ApiPrincipal> principal = authenticator.authenticate(key);
      if (principal.isPresent()) {
        return ApiKeyAuthentication.authenticated(principal.get());
      }
    }
    throw new BadCredentialsException("unknown API key");
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return ApiKeyAuthentication.class.isAssignableFrom(authentication);
  }
}
