package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.ApiKeyHash;
import io.fetchq.api.tenants.domain.ApiPrincipal;
import java.util.Optional;

/**
 * Recognises the bootstrap admin key ({@code FETCHQ_BOOTSTRAP_ADMIN_KEY}) as the {@code system}
 * tenant with scope {@code admin}. Only the SHA-256 digest of the configured key is kept, and
 * digests are compared in constant time ({@link ApiKeyHash#matches}). Nothing is stored, so the
 * same setting means the same key after every restart. When no key is configured this authenticator
 * recognises nothing.
 */
public final class BootstrapKeyAuthenticator implements ApiKeyAuthenticator {

  private final ApiKeyHash digest;

  /**
   * @param bootstrapKey the configured key; null or blank means "no bootstrap key"
   */
  public BootstrapKeyAuthenticator(String bootstrapKey) {
    this.digest =
        bootstrapKey == null || bootstrapKey.isBlank() ? null : ApiKeyHash.of(bootstrapKey);
  }

  /** Whether a bootstrap key is configured. */
  public boolean isConfigured() {
    return digest != null;
  }

  @Override
  public Optional<ApiPrincipal> authenticate(String presentedKey) {
    if (digest == null || presentedKey == null || presentedKey.isEmpty()) {
      return Optional.empty();
    }
    return digest.matches(ApiKeyHash.of(presentedKey))
        ? Optional.of(ApiPrincipal.systemAdmin())
        : Optional.empty();
  }
}
