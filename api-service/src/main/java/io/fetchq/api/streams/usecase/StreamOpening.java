package io.fetchq.api.streams.usecase;

/** The outcome of opening a status stream. */
public sealed interface StreamOpening {

  /**
   * The stream is open and its current state was sent (and, when already terminal, the stream was
   * completed). Cancel {@code stream} when the client goes away.
   */
  record Opened(StatusStream stream) implements StreamOpening {}

  /** No such job or batch for this tenant; nothing was sent. */
  record NotFound() implements StreamOpening {}

  /** This instance already serves its maximum number of streams; nothing was sent. */
  record TooManyStreams(int limit) implements StreamOpening {}
}
