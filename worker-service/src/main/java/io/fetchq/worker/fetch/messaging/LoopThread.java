package io.fetchq.worker.fetch.messaging;

import java.time.Duration;

/**
 * The platform thread that owns a Kafka consumer loop, and the flag that keeps it going. Shared by
 * the {@link JobConsumerLoop} and the {@link RetryTierForwarder} life cycles: {@link #start} runs
 * the body on a new thread once, {@link #stop} clears the flag and waits for the body to return.
 */
final class LoopThread {

  private final String name;
  private volatile boolean running;
  private volatile Thread thread;

  LoopThread(String name) {
    this.name = name;
  }

  /** Starts {@code body} on a new platform thread unless already running. */
  void start(Runnable body) {
    if (running) {
      return;
    }
    running = true;
    Thread loop = Thread.ofPlatform().name(name).unstarted(body);
    thread = loop;
    loop.start();
  }

  /** Whether the body should keep looping. */
  boolean isRunning() {
    return running;
  }

  /** Asks the body to finish its current iteration and return. */
  void requestStop() {
    running = false;
  }

  /** Whether a body was ever started. */
  boolean wasStarted() {
    return thread != null;
  }

  /** Asks the body to stop and waits up to {@code timeout} for it to return. */
  void stop(Duration timeout) {
    running = false;
    Thread loop = thread;
    if (loop != null) {
      try {
        loop.join(timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
