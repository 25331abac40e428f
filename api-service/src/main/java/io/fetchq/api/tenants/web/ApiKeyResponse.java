package io.fetchq.api.tenants.web;

import io.fetchq.api.tenants.domain.ApiKey;
import io.fetchq.api.tenants.domain.ApiKeySecret;
import io.fetchq.api.tenants.domain.Scope;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A newly issued key: the only answer that ever contains the key itself. */
@Schema(description = "A newly issued API key. The key is shown here only, never again.")
public record ApiKeyResponse(
    UUID id,
    @Schema(
            example = "fq_rEAc_650sVsB-sxNe6UmgooluJA29U_sIzIcEMMWM_o",
            description = "fq_ + base64url (no padding) of 256 random bits. Send as Bearer token.")
        String key,
    List<String> scopes,
    Instant createdAt) {

  static ApiKeyResponse of(ApiKey key, ApiKeySecret secret) {
    return new ApiKeyResponse(key.id().value(), secret.value(), wireNames(key), key.createdAt());
  }

  /** The key's scopes in a fixed order: jobs:read, jobs:write, admin. */
  static List<String> wireNames(ApiKey key) {
    return key.scopes().stream().sorted().map(Scope::wireName).toList();
  }
}
