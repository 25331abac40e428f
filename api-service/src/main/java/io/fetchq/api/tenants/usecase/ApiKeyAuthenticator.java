package io.fetchq.api.tenants.usecase;

import io.fetchq.api.tenants.domain.ApiPrincipal;
import java.util.Optional;

/**
 * Turns a presented API key into the principal it identifies. Implementations compare keys in
 * constant time (through hashes) and never log or keep the presented key. Several authenticators
 * may be installed (the bootstrap admin key, stored tenant keys); the first that recognises a key
 * wins.
 */
@FunctionalInterface
public interface ApiKeyAuthenticator {

  /**
   * The principal {@code presentedKey} identifies, or empty when this authenticator does not know
   * the key (unknown, revoked, or not configured).
   *
   * @param presentedKey the key exactly as sent after {@code Bearer }, never null
   */
  Optional<ApiPrincipal> authenticate(String presentedKey);
}
