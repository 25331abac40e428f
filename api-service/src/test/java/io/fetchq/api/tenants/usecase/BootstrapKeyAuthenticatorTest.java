package io.fetchq.api.tenants.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.api.tenants.domain.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BootstrapKeyAuthenticatorTest {

  private final BootstrapKeyAuthenticator authenticator =
      new BootstrapKeyAuthenticator("s3cr3t-admin-key");

  @Test
  void recognisesTheBootstrapKeyAsSystemAdmin() {
    assertThat(authenticator.isConfigured()).isTrue();
    assertThat(authenticator.authenticate("s3cr3t-admin-key"))
        .hasValueSatisfying(
            principal -> {
              assertThat(principal.tenantId()).isEqualTo(TenantId.SYSTEM);
              assertThat(principal.scopes()).containsExactly(Scope.ADMIN);
              assertThat(principal).isEqualTo(ApiPrincipal.systemAdmin());
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s3cr3t-admin-ke", "s3cr3t-admin-key ", "S3CR3T-ADMIN-KEY", "x"})
  void refusesAnyOtherKey(String key) {
    assertThat(authenticator.authenticate(key)).isEmpty();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   "})
  void recognisesNothingWithoutAConfiguredKey(String configured) {
    BootstrapKeyAuthenticator none = new BootstrapKeyAuthenticator(configured);

    assertThat(none.isConfigured()).isFalse();
    assertThat(none.authenticate("")).isEmpty();
    assertThat(none.authenticate("   ")).isEmpty();
    assertThat(none.authenticate("anything")).isEmpty();
    assertThat(none.authenticate(null)).isEmpty();
  }
}
