package io.fetchq.worker.messaging;

import java.time.Duration;

/**
 * The platform thread that owns a Kafka consumer loop, and the flag that keeps it going. Shared by
 * the jobs consumer loop, the retry tier forwarder and the callbacks consumer loop life cycles:
 * {@link #start} runs the body on a new thread once, {@link #stop} clears the flag and waits for
 * the body to return.
 */
public final class LoopThread {

  private final String name;
  private volatile boolean running;
  private volatile Thread thread;

  public LoopThread(String name) {
    this.name = name;
  }

  /** Starts {@code body} on a new platform thread unless already running. */
  public void start(Runnable body) {
    if (running) {
      return;
    }
    running = true;
    Thread loop = Thread.ofPlatform().name(name).unstarted(body);
    thread = loop;
    loop.start();
  }

  /** Whether the body should keep looping. */
  public boolean isRunning() {
    return running;
  }

  /** Asks the body to finish its current iteration and return. */
  public void requestStop() {
    running = false;
  }

  /** Whether a body was ever started. */
  public boolean wasStarted() {
    return thread != null;
  }

  /** Asks the body to stop and waits up to {@code timeout} for it to return. */
  public void stop(Duration timeout) {
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
