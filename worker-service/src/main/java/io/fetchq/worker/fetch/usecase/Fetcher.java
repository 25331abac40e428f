package io.fetchq.worker.fetch.usecase;

import io.fetchq.worker.fetch.domain.FetchRequest;
import io.fetchq.worker.fetch.domain.FetchResult;

/** Port: performs one HTTP request. */
public interface Fetcher {

  /**
   * Performs {@code request}, blocking the calling (virtual) thread until a response is read or the
   * request's timeout expires.
   *
   * @return the final response, or the classified error; never null, never throws for I/O problems
   */
  FetchResult fetch(FetchRequest request);
}
