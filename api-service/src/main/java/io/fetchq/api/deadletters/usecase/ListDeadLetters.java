package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.domain.DeadLetter;
import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import java.util.List;
import java.util.Objects;

/**
 * Lists dead-letter entries for an operator, newest failure first, one page at a time. An operator
 * outside the {@code system} tenant sees only its own tenant's entries: a filter naming another
 * tenant matches nothing.
 */
public final class ListDeadLetters {

  private final DeadLetterRepository deadLetters;

  public ListDeadLetters(DeadLetterRepository deadLetters) {
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
  }

  /**
   * @param after where the page starts (null: at the newest)
   * @param limit the page size, at least 1
   */
  public Page<DeadLetter> list(
      AdminActor actor, DeadLetterFilter filter, KeysetCursor after, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
    if (filter.excludes(actor.scope())) {
      return new Page<>(List.of(), null);
    }
    List<DeadLetter> found = deadLetters.list(filter.within(actor.scope()), after, limit + 1);
    if (found.size() <= limit) {
      return new Page<>(found, null);
    }
    List<DeadLetter> page = found.subList(0, limit);
    DeadLetter last = page.getLast();
    return new Page<>(page, new KeysetCursor(last.failedAt(), last.id().value()));
  }
}
