package io.fetchq.api.streams.usecase;

/**
 * Where one status stream goes (a client connection). Calls for one stream never overlap: the hub
 * serializes them.
 *
 * @param <T> the state sent: a job or a batch with its progress
 */
public interface StreamSink<T> {

  /**
   * Sends {@code state} (never null). Throws when the client cannot be reached any more; the hub
   * then drops the stream.
   */
  void send(T state);

  /** Sends a keep-alive that carries no state. Throws like {@link #send}. */
  void keepAlive();

  /** Ends the stream normally: the last state was sent. Called at most once, after any send. */
  void complete();
}
