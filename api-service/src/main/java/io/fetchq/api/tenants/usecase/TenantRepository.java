package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.domain.WebhookSecret;
import io.fetchq.api.tenants.domain.WebhookSigningSecrets;
import java.time.Instant;
import java.util.Optional;

/** Where tenants are kept. Tenants are never deleted. */
public interface TenantRepository {

  /**
   * Stores a new tenant unless its name is taken (decided by the store's unique name, so two
   * concurrent creations of one name store one tenant).
   *
   * @return true if stored; false if a tenant with that name exists
   */
  boolean add(Tenant tenant);

  /** The tenant {@code id}, or empty. */
  Optional<Tenant> find(TenantId id);

  /** The tenant's webhook secrets, or empty if it does not exist. */
  Optional<WebhookSigningSecrets> webhookSecrets(TenantId id);

  /**
   * Atomically makes {@code next} the tenant's current secret and the current one its previous,
   * rotated at {@code now} (concurrent rotations are applied one after the other).
   *
   * @return the secrets after the rotation; empty if the tenant does not exist
   */
  Optional<WebhookSigningSecrets> rotateWebhookSecret(TenantId id, WebhookSecret next, Instant now);
}
