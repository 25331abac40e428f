package io.fetchq.api.runner;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One platform thread that runs {@code step} again and again from {@link #start()} to {@link
 * #stop()}, pausing after each step as long as the step asks (zero: at once). {@link #wake()} ends
 * the current pause, or the next one if it comes during a step, so a wake-up is never lost. The
 * step handles its own failures (a throwing step ends the thread).
 */
public final class StepLoop {

  private final String threadName;
  private final Supplier<Duration> step;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean woken;
  private Thread thread;
  private volatile boolean running;

  /**
   * @param step does one round of work and returns how long to pause before the next
   */
  public StepLoop(String threadName, Supplier<Duration> step) {
    this.threadName = Objects.requireNonNull(threadName, "threadName");
    this.step = Objects.requireNonNull(step, "step");
  }

  /** Starts the thread; does nothing when it runs already. */
  public void start() {
    lock.lock();
    try {
      if (running) {
        return;
      }
      running = true;
      thread = Thread.ofPlatform().name(threadName).daemon().start(this::loop);
    } finally {
      lock.unlock();
    }
  }

  /** Ends the loop after the current step and waits up to 10 s for the thread. */
  public void stop() {
    Thread stopping;
    lock.lock();
    try {
      running = false;
      wake.signalAll();
      stopping = thread;
      thread = null;
    } finally {
      lock.unlock();
    }
    if (stopping != null) {
      try {
        stopping.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public boolean isRunning() {
    return running;
  }

  /** Ends the current (or next) pause now. */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (running) {
      lock.lock();
      try {
        woken = false;
      } finally {
        lock.unlock();
      }
      pause(step.get());
    }
  }

  private void pause(Duration pause) {
    lock.lock();
    try {
      long nanos = pause.toNanos();
      while (running && !woken && nanos > 0) {
        nanos = wake.awaitNanos(nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }
}
