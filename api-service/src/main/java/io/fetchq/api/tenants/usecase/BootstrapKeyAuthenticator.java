package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.ApiPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Recognises the bootstrap admin key ({@code FETCHQ_BOOTSTRAP_ADMIN_KEY}) as the {@code system}
 * tenant with scope {@code admin}. Only the SHA-256 digest of the configured key is kept, and
 * digests are compared with {@link MessageDigest#isEqual} (constant time). When no key is
 * configured this authenticator recognises nothing.
 */
public final class BootstrapKeyAuthenticator implements ApiKeyAuthenticator {

  private final byte[] digest;

  /**
   * @param bootstrapKey the configured key; null or blank means "no bootstrap key"
   */
  public BootstrapKeyAuthenticator(String bootstrapKey) {
    this.digest = bootstrapKey == null || bootstrapKey.isBlank() ? null : sha256(bootstrapKey);
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
    return MessageDigest.isEqual(digest, sha256(presentedKey))
        ? Optional.of(ApiPrincipal.systemAdmin())
        : Optional.empty();
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
