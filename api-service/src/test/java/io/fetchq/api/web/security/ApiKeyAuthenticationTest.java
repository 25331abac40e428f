package io.fetchq.api.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.usecase.BootstrapKeyAuthenticator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

class ApiKeyAuthenticationTest {

  private final ApiKeyAuthenticationProvider provider =
      new ApiKeyAuthenticationProvider(
          List.of(
              new BootstrapKeyAuthenticator("admin-key"),
              key ->
                  key.equals("reader-key")
                      ? Optional.of(new ApiPrincipal(TenantId.SYSTEM, Set.of(Scope.JOBS_READ)))
                      : Optional.empty()));

  @Test
  void grantsAdminEveryScopeAsAuthority() {
    Authentication result =
        provider.authenticate(ApiKeyAuthentication.unauthenticated("admin-key"));

    assertThat(result.isAuthenticated()).isTrue();
    assertThat(result.getPrincipal()).isEqualTo(ApiPrincipal.systemAdmin());
    assertThat(result.getCredentials()).isNull();
    assertThat(result.getName()).isEqualTo(TenantId.SYSTEM.toString());
    assertThat(result.getAuthorities())
        .extracting(GrantedAuthority::getAuthority)
        .containsExactly("admin", "jobs:read", "jobs:write");
  }

  @Test
  void asksEachAuthenticatorInTurn() {
    Authentication result =
        provider.authenticate(ApiKeyAuthentication.unauthenticated("reader-key"));

    assertThat(result.getAuthorities())
        .extracting(GrantedAuthority::getAuthority)
        .containsExactly("jobs:read");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "unknown", "admin-key2"})
  void refusesUnknownKeys(String key) {
    assertThatThrownBy(() -> provider.authenticate(ApiKeyAuthentication.unauthenticated(key)))
        .isInstanceOf(BadCredentialsException.class);
  }

  @Test
  void supportsOnlyApiKeyAuthentications() {
    assertThat(provider.supports(ApiKeyAuthentication.class)).isTrue();
    assertThat(provider.supports(UsernamePasswordAuthenticationToken.class)).isFalse();
  }

  @Test
  void keepsTheKeyOnlyUntilErased() {
    ApiKeyAuthentication request = ApiKeyAuthentication.unauthenticated("k");

    assertThat(request.isAuthenticated()).isFalse();
    assertThat(request.getPrincipal()).isNull();
    assertThat(request.getName()).isEmpty();
    assertThat(request.getCredentials()).isEqualTo("k");
    request.eraseCredentials();
    assertThat(request.getCredentials()).isNull();
  }

  @Test
  void cannotBeMarkedAuthenticatedByHand() {
    ApiKeyAuthentication request = ApiKeyAuthentication.unauthenticated("k");

    assertThatThrownBy(() -> request.setAuthenticated(true))
        .isInstanceOf(IllegalArgumentException.class);
    ApiKeyAuthentication authenticated =
        ApiKeyAuthentication.authenticated(ApiPrincipal.systemAdmin());
    authenticated.setAuthenticated(false);
    assertThat(authenticated.isAuthenticated()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Bearer abc | abc",
        "bearer abc | abc",
        "BEARER abc | abc",
        "Bearer  a.b-c_d~e+f/g= | a.b-c_d~e+f/g=",
        "Bearer abc  | abc"
      })
  void readsBearerKeys(String header, String key) {
    assertThat(ApiKeyAuthenticationFilter.bearerKey(header)).contains(key);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bearer",
        "Bearer ",
        "Bearer    ",
        "Basic abc",
        "Bearerabc",
        "Bearer a b",
        "Bearer é",
        "Token abc"
      })
  void refusesMalformedAuthorization(String header) {
    assertThat(ApiKeyAuthenticationFilter.bearerKey(header)).isEmpty();
  }
}
