package io.fetchq.api.changes.usecase;

/**
 * Reacts to one {@link io.fetchq.contracts.DatabaseChannels database channel}. Notifications are
 * hints delivered at most once: an implementation re-reads the rows it cares about, and {@link
 * #resync()} is called after every (re)connection of the listener, when notifications may have been
 * missed. Both methods are called on the listener's thread and must return quickly (hand work to
 * another thread).
 */
public interface ChangeListener {

  /** The channel this listener follows. */
  String channel();

  /** A notification arrived on {@link #channel()} with {@code payload}. */
  void changed(String payload);

  /** The listener (re)connected: anything may have changed unnoticed since the last call. */
  void resync();
}
