package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.ApiKey;
import io.fetchq.api.tenants.domain.ApiKeyHash;
import io.fetchq.api.tenants.domain.ApiKeyId;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where API keys are kept (their digests, never the keys). Every operation but the authentication
 * lookup names the tenant: another tenant's key is never found, listed or revoked.
 */
public interface ApiKeyRepository {

  /**
   * Stores a newly issued key if its tenant exists (checked by the same statement).
   *
   * @return true if stored; false if the tenant does not exist
   */
  boolean add(ApiKey key);

  /**
   * The unrevoked key whose digest is {@code hash}, or empty. An implementation may answer from a
   * cache, but never trusts an answer longer than its documented bound after it was read, so a
   * revoked key stops authenticating within that bound on every instance.
   */
  Optional<ApiKey> findActive(ApiKeyHash hash);

  /** Every key of {@code tenant}, revoked ones included, newest first. */
  List<ApiKey> list(TenantId tenant);

  /**
   * Revokes key {@code id} of {@code tenant} at {@code at}, if it is not revoked yet.
   *
   * @return true if this call revoked it; false if there is no such unrevoked key of that tenant
   */
  boolean revoke(TenantId tenant, ApiKeyId id, Instant at);
}
