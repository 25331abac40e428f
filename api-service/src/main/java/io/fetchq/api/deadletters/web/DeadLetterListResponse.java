package io.fetchq.api.deadletters.web;

import io.fetchq.api.deadletters.domain.DeadLetter;
import io.fetchq.api.deadletters.usecase.Page;
import java.util.List;

/** A page of dead-letter entries and the cursor of the next page (null on the last). */
public record DeadLetterListResponse(List<DeadLetterResponse> items, String nextCursor) {

  static DeadLetterListResponse of(Page<DeadLetter> page) {
    return new DeadLetterListResponse(
        page.items().stream().map(DeadLetterResponse::of).toList(),
        page.next() == null ? null : page.next().encode());
  }
}
