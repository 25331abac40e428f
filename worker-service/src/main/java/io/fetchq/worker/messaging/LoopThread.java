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

  /**
   * Asks the body to stop, interrupts whatever it is blocked in, and waits up to {@code timeout}
   * for it to return. Only for bodies whose every step may be abandoned halfway (it is retried or
   * rolled back): a consumer loop that must finish its in-flight work uses {@link #stop}.
   */
  public void stopNow(Duration timeout) {
    running = false;
    Thread loop = thread;
    if (loop != null) {
      loop.interrupt();
    }
    stop(timeout);
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
