package io.fetchq.api.deadletters.web;

import io.fetchq.api.deadletters.domain.AdminActor;
import java.util.UUID;

/** Who did something: the API key's tenant and the key's id (null for the bootstrap key). */
public record ActorResponse(UUID tenantId, UUID apiKeyId) {

  static ActorResponse of(AdminActor actor) {
    return new ActorResponse(actor.tenant().value(), actor.keyId());
  }
}
