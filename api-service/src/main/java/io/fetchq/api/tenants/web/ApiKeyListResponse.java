package io.fetchq.api.tenants.web;

import io.fetchq.api.tenants.domain.ApiKey;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant's keys, newest first, without the keys themselves (they are not kept). */
public record ApiKeyListResponse(List<Item> items) {

  /** One key: what it grants and whether it is still valid. */
  @Schema(
      name = "ApiKeySummary",
      description = "An API key's metadata. The key itself is never shown again.")
  public record Item(UUID id, List<String> scopes, Instant createdAt, Instant revokedAt) {}

  static ApiKeyListResponse of(List<ApiKey> keys) {
    return new ApiKeyListResponse(
        keys.stream()
            .map(
                key ->
                    new Item(
                        key.id().value(),
                        ApiKeyResponse.wireNames(key),
                        key.createdAt(),
                        key.revokedAt()))
            .toList());
  }
}
