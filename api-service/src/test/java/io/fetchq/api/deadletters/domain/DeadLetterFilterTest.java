package io.fetchq.api.deadletters.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.jobs.domain.JobError;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeadLetterFilterTest {

  private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");
  private static final TenantId ACME = new TenantId(UUID.randomUUID());
  private static final TenantId GLOBEX = new TenantId(UUID.randomUUID());
  private static final DeadLetter ENTRY =
      new DeadLetter(
          new DeadLetterId(UUID.randomUUID()),
          new JobId(UUID.randomUUID()),
          ACME,
          "https://api.example.org:8443/x",
          "api.example.org",
          AT,
          3,
          new JobError("timeout", "read timed out"),
          DeadLetterState.DEAD,
          0,
          null);

  @Test
  void matchesOnEveryPart() {
    assertThat(DeadLetterFilter.all().matches(ENTRY)).isTrue();
    assertThat(
            new DeadLetterFilter(
                    ACME, "API.Example.org", "timeout", AT, AT.plusSeconds(1), DeadLetterState.DEAD)
                .matches(ENTRY))
        .isTrue();
    assertThat(new DeadLetterFilter(GLOBEX, null, null, null, null, null).matches(ENTRY)).isFalse();
    assertThat(new DeadLetterFilter(null, "other.org", null, null, null, null).matches(ENTRY))
        .isFalse();
    assertThat(new DeadLetterFilter(null, null, "dns", null, null, null).matches(ENTRY)).isFalse();
    assertThat(new DeadLetterFilter(null, null, null, AT.plusNanos(1), null, null).matches(ENTRY))
        .isFalse();
    assertThat(new DeadLetterFilter(null, null, null, null, AT, null).matches(ENTRY)).isFalse();
    assertThat(DeadLetterFilter.all().withState(DeadLetterState.REPLAYED).matches(ENTRY)).isFalse();
  }

  @Test
  void aScopedCallerIsLimitedToItsTenant() {
    assertThat(DeadLetterFilter.all().within(ACME).tenant()).isEqualTo(ACME);
    assertThat(DeadLetterFilter.all().within(null)).isEqualTo(DeadLetterFilter.all());
    DeadLetterFilter globex = new DeadLetterFilter(GLOBEX, null, null, null, null, null);
    assertThat(globex.excludes(ACME)).isTrue();
    assertThat(globex.excludes(GLOBEX)).isFalse();
    assertThat(globex.excludes(null)).isFalse();
    assertThat(DeadLetterFilter.all().excludes(ACME)).isFalse();
  }

  @Test
  void refusesAnEmptyTimeRange() {
    assertThatThrownBy(() -> new DeadLetterFilter(null, null, null, AT, AT, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theActorsScopeIsEveryTenantOnlyForTheSystemTenant() {
    assertThat(new AdminActor(TenantId.SYSTEM, null).scope()).isNull();
    assertThat(new AdminActor(ACME, UUID.randomUUID()).scope()).isEqualTo(ACME);
    assertThat(AuditAction.fromWire("bulk_replay")).isEqualTo(AuditAction.BULK_REPLAY);
    assertThatThrownBy(() -> AuditAction.fromWire("x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
