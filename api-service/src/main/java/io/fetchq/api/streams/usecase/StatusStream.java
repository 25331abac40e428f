package io.fetchq.api.streams.usecase;

/** One open status stream, as its opener sees it. */
public interface StatusStream {

  /**
   * Stops following: no further call reaches the sink. Idempotent; call it whenever the client
   * connection ends (completion, timeout, error, disconnect).
   */
  void cancel();

  /** Whether the stream has ended (cancelled, completed at a terminal state, or failed). */
  boolean isClosed();
}
