package io.fetchq.api.deadletters.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import io.fetchq.api.deadletters.domain.DeadLetterState;
import io.fetchq.api.tenants.domain.TenantId;
import java.time.Instant;
import java.util.UUID;

/** A {@link DeadLetterFilter} as stored in {@code jsonb} columns: the request's own field names. */
final class FilterJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FilterJson() {}

  static String write(DeadLetterFilter filter) {
    ObjectNode node = MAPPER.createObjectNode();
    if (filter.tenant() != null) {
      node.put("tenantId", filter.tenant().toString());
    }
    if (filter.host() != null) {
      node.put("host", filter.host());
    }
    if (filter.errorType() != null) {
      node.put("errorType", filter.errorType());
    }
    if (filter.since() != null) {
      node.put("since", filter.since().toString());
    }
    if (filter.until() != null) {
      node.put("until", filter.until().toString());
    }
    if (filter.state() != null) {
      node.put("state", filter.state().wireName());
    }
    return node.toString();
  }

  static DeadLetterFilter read(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(json);
      return new DeadLetterFilter(
          node.hasNonNull("tenantId")
              ? new TenantId(UUID.fromString(node.get("tenantId").asText()))
              : null,
          text(node, "host"),
          text(node, "errorType"),
          node.hasNonNull("since") ? Instant.parse(node.get("since").asText()) : null,
          node.hasNonNull("until") ? Instant.parse(node.get("until").asText()) : null,
          node.hasNonNull("state") ? DeadLetterState.fromWire(node.get("state").asText()) : null);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored filter is not JSON", e);
    }
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }
}
