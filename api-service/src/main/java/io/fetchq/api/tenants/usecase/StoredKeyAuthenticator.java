package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.ApiKey;
import io.fetchq.api.tenants.domain.ApiKeyHash;
import io.fetchq.api.tenants.domain.ApiKeySecret;
import io.fetchq.api.tenants.domain.ApiPrincipal;
import java.util.Objects;
import java.util.Optional;

/**
 * Recognises the API keys issued to tenants. A presented value that does not have the form of an
 * issued key ({@link ApiKeySecret}) is refused without a lookup. Otherwise its SHA-256 digest is
 * looked up ({@link ApiKeyRepository#findActive}, which may answer from a short-lived cache) and
 * the stored digest is compared with the presented one in constant time before the key's tenant and
 * scopes are trusted. The presented key is never logged or kept; only its digest travels.
 */
public final class StoredKeyAuthenticator implements ApiKeyAuthenticator {

  private final ApiKeyRepository keys;

  public StoredKeyAuthenticator(ApiKeyRepository keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  public Optional<ApiPrincipal> authenticate(String presentedKey) {
    return ApiKeySecret.parse(presentedKey).flatMap(this::lookUp);
  }

  private Optional<ApiPrincipal> lookUp(ApiKeySecret presented) {
    ApiKeyHash hash = presented.hash();
    return keys.findActive(hash)
        .filter(key -> key.isActive() && key.hash().matches(hash))
        .map(ApiKey::principal);
  }
}
