package io.fetchq.api.tenants.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiPrincipalTest {

  @Test
  void adminImpliesEveryScope() {
    ApiPrincipal admin = ApiPrincipal.systemAdmin();

    assertThat(admin.effectiveScopes()).containsExactlyInAnyOrder(Scope.values());
    assertThat(admin.has(Scope.JOBS_READ)).isTrue();
    assertThat(admin.has(Scope.JOBS_WRITE)).isTrue();
  }

  @Test
  void otherScopesImplyOnlyThemselves() {
    ApiPrincipal reader = new ApiPrincipal(TenantId.SYSTEM, Set.of(Scope.JOBS_READ));

    assertThat(reader.effectiveScopes()).containsExactly(Scope.JOBS_READ);
    assertThat(reader.has(Scope.JOBS_WRITE)).isFalse();
    assertThat(reader.has(Scope.ADMIN)).isFalse();
  }

  @Test
  void needsAtLeastOneScope() {
    assertThatThrownBy(() -> new ApiPrincipal(TenantId.SYSTEM, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesScopeWireNames() {
    assertThat(Scope.fromWire("jobs:read")).contains(Scope.JOBS_READ);
    assertThat(Scope.fromWire(" JOBS:WRITE ")).contains(Scope.JOBS_WRITE);
    assertThat(Scope.fromWire("admin")).contains(Scope.ADMIN);
    assertThat(Scope.fromWire("jobs:delete")).isEmpty();
    assertThat(Scope.fromWire(null)).isEmpty();
    assertThat(Scope.ADMIN.wireName()).isEqualTo("admin");
  }
}
