package io.fetchq.api.tenants.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.tenants.domain.ApiKey;
import io.fetchq.api.tenants.domain.ApiKeyHash;
import io.fetchq.api.tenants.domain.ApiKeyId;
import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.tenants.domain.RateLimit;
import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.domain.TenantName;
import io.fetchq.api.tenants.domain.WebhookSecret;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IssueApiKey, ListApiKeys, RevokeApiKey and StoredKeyAuthenticator over in-memory ports. */
class ApiKeyUseCasesTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00.987654Z");
  private static final TenantId ACME =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000001"));
  private static final TenantId GLOBEX =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000002"));
  private static final TenantId UNKNOWN =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-0000000000ff"));

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final SecureRandom random = new SecureRandom();
  private final InMemoryTenantRepository tenants = new InMemoryTenantRepository();
  private final InMemoryApiKeyRepository keys =
      new InMemoryApiKeyRepository(id -> tenants.find(id).isPresent());
  private final IssueApiKey issueApiKey = new IssueApiKey(keys, clock, random);
  private final RevokeApiKey revokeApiKey = new RevokeApiKey(keys, clock);
  private final ListApiKeys listApiKeys = new ListApiKeys(tenants, keys);
  private final StoredKeyAuthenticator authenticator = new StoredKeyAuthenticator(keys);

  @BeforeEach
  void tenants() {
    tenants.add(tenant(ACME, "acme"));
    tenants.add(tenant(GLOBEX, "globex"));
    tenants.add(tenant(TenantId.SYSTEM, "system"));
  }

  @Test
  void issuesAKeyOfWhichOnlyTheDigestIsStored() {
    IssueApiKeyOutcome.Issued issued = issue(ACME, Scope.JOBS_READ, Scope.JOBS_WRITE);

    ApiKey key = issued.key();
    assertThat(issued.secret().value()).startsWith("fq_").hasSize(46);
    assertThat(key.tenantId()).isEqualTo(ACME);
    assertThat(key.scopes()).containsExactly(Scope.JOBS_READ, Scope.JOBS_WRITE);
    assertThat(key.createdAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00.987Z"));
    assertThat(key.id().value().version()).isEqualTo(7);
    assertThat(key.isActive()).isTrue();
    assertThat(keys.get(key.id()))
        .hasValueSatisfying(
            stored -> {
              assertThat(stored.hash()).isEqualTo(ApiKeyHash.of(issued.secret().value()));
              assertThat(stored.toString()).doesNotContain(issued.secret().value());
            });
  }

  @Test
  void issuesDifferentKeysEveryTime() {
    assertThat(issue(ACME, Scope.JOBS_READ).secret())
        .isNotEqualTo(issue(ACME, Scope.JOBS_READ).secret());
  }

  @Test
  void refusesAKeyForAnUnknownTenant() {
    IssueApiKeyOutcome outcome =
        issueApiKey.issue(new IssueApiKeyCommand(UNKNOWN, Set.of(Scope.JOBS_READ)));

    assertThat(outcome).isEqualTo(new IssueApiKeyOutcome.TenantNotFound(UNKNOWN));
    assertThat(keys.list(UNKNOWN)).isEmpty();
  }

  @Test
  void grantsAdminOnlyToTheSystemTenant() {
    IssueApiKeyOutcome refused =
        issueApiKey.issue(new IssueApiKeyCommand(ACME, Set.of(Scope.ADMIN, Scope.JOBS_READ)));

    assertThat(refused).isInstanceOf(IssueApiKeyOutcome.ScopesRefused.class);
    assertThat(((IssueApiKeyOutcome.ScopesRefused) refused).reason()).contains("system tenant");
    assertThat(keys.list(ACME)).isEmpty();
    assertThat(issue(TenantId.SYSTEM, Scope.ADMIN).key().scopes()).containsExactly(Scope.ADMIN);
  }

  @Test
  void refusesAKeyWithoutScopes() {
    assertThat(issueApiKey.issue(new IssueApiKeyCommand(ACME, Set.of())))
        .isInstanceOf(IssueApiKeyOutcome.ScopesRefused.class);
  }

  @Test
  void authenticatesAnIssuedKeyAsItsTenantWithItsScopes() {
    IssueApiKeyOutcome.Issued issued = issue(GLOBEX, Scope.JOBS_WRITE);

    assertThat(authenticator.authenticate(issued.secret().value()))
        .contains(new ApiPrincipal(GLOBEX, Set.of(Scope.JOBS_WRITE), issued.key().id()));
  }

  @Test
  void refusesWithoutALookupWhatCannotBeAKey() {
    issue(ACME, Scope.JOBS_READ);

    assertThat(authenticator.authenticate("not-a-key")).isEmpty();
    assertThat(authenticator.authenticate("fq_" + "!".repeat(43))).isEmpty();
    assertThat(authenticator.authenticate("")).isEmpty();
    assertThat(authenticator.authenticate(null)).isEmpty();
    assertThat(keys.lookups()).isZero();
  }

  @Test
  void refusesAWellFormedKeyThatWasNeverIssued() {
    String issued = issue(ACME, Scope.JOBS_READ).secret().value();
    String lastCharChanged =
        issued.substring(0, issued.length() - 1) + (issued.endsWith("A") ? "B" : "A");

    assertThat(authenticator.authenticate("fq_" + "A".repeat(43))).isEmpty();
    assertThat(authenticator.authenticate(lastCharChanged)).isEmpty();
    assertThat(keys.lookups()).isEqualTo(2);
  }

  @Test
  void revokesAKeySoItNoLongerAuthenticates() {
    IssueApiKeyOutcome.Issued issued = issue(ACME, Scope.JOBS_READ);

    assertThat(revokeApiKey.revoke(ACME, issued.key().id()))
        .isEqualTo(RevokeApiKey.Outcome.REVOKED);

    assertThat(authenticator.authenticate(issued.secret().value())).isEmpty();
    assertThat(keys.get(issued.key().id()))
        .hasValueSatisfying(
            key ->
                assertThat(key.revokedAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00.987Z")));
  }

  @Test
  void revokesOnlyOnceAndOnlyForTheOwningTenant() {
    IssueApiKeyOutcome.Issued issued = issue(ACME, Scope.JOBS_READ);
    ApiKeyId id = issued.key().id();

    assertThat(revokeApiKey.revoke(GLOBEX, id)).isEqualTo(RevokeApiKey.Outcome.NOT_FOUND);
    assertThat(authenticator.authenticate(issued.secret().value())).isPresent();
    assertThat(revokeApiKey.revoke(ACME, id)).isEqualTo(RevokeApiKey.Outcome.REVOKED);
    assertThat(revokeApiKey.revoke(ACME, id)).isEqualTo(RevokeApiKey.Outcome.NOT_FOUND);
    assertThat(revokeApiKey.revoke(ACME, new ApiKeyId(UUID.randomUUID())))
        .isEqualTo(RevokeApiKey.Outcome.NOT_FOUND);
  }

  @Test
  void listsATenantsKeysNewestFirstWithRevokedOnes() {
    ApiKey first = issue(ACME, Scope.JOBS_READ).key();
    ApiKey second =
        ((IssueApiKeyOutcome.Issued)
                new IssueApiKey(keys, Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC), random)
                    .issue(new IssueApiKeyCommand(ACME, Set.of(Scope.JOBS_WRITE))))
            .key();
    issue(GLOBEX, Scope.JOBS_READ);
    revokeApiKey.revoke(ACME, first.id());

    assertThat(listApiKeys.list(ACME))
        .hasValueSatisfying(
            list -> {
              assertThat(list).extracting(ApiKey::id).containsExactly(second.id(), first.id());
              assertThat(list.get(1).isActive()).isFalse();
            });
    assertThat(listApiKeys.list(UNKNOWN)).isEmpty();
  }

  @Test
  void readsATenant() {
    GetTenant getTenant = new GetTenant(tenants);

    assertThat(getTenant.get(ACME)).hasValueSatisfying(t -> assertThat(t.id()).isEqualTo(ACME));
    assertThat(getTenant.get(UNKNOWN)).isEmpty();
  }

  private Tenant tenant(TenantId id, String name) {
    return new Tenant(
        id, new TenantName(name), RateLimit.DEFAULT, WebhookSecret.generate(random), NOW);
  }

  private IssueApiKeyOutcome.Issued issue(TenantId tenant, Scope... scopes) {
    return (IssueApiKeyOutcome.Issued)
        issueApiKey.issue(new IssueApiKeyCommand(tenant, Set.of(scopes)));
  }
}
