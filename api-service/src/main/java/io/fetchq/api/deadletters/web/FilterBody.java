package io.fetchq.api.deadletters.web;

import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import java.time.Instant;

/**
 * The filter of a bulk replay, as in the list's query: every field optional. Also how a stored
 * filter is shown (timestamps normalised to UTC).
 */
public record FilterBody(
    String tenantId, String host, String errorType, String since, String until) {

  static FilterBody of(DeadLetterFilter filter) {
    if (filter == null) {
      return null;
    }
    return new FilterBody(
        filter.tenant() == null ? null : filter.tenant().toString(),
        filter.host(),
        filter.errorType(),
        text(filter.since()),
        text(filter.until()));
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
