package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.KeysetCursor;
import java.util.List;

/**
 * One page of a newest-first listing.
 *
 * @param items the page's items
 * @param next where the next page starts, or null when this is the last page
 */
public record Page<T>(List<T> items, KeysetCursor next) {

  public Page {
    items = List.copyOf(items);
  }
}
