package io.fetchq.api.deadletters.runner;

import io.fetchq.api.deadletters.usecase.DriveReplayRuns;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link DriveReplayRuns#step} on one thread from start-up to shut-down, waiting as long as
 * each step asks. A failing step is logged and retried after {@code onError}; the lease of the run
 * it drove expires if the failures persist, so another instance can take over.
 */
public final class ReplayRunDriver implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ReplayRunDriver.class);

  private final DriveReplayRuns drive;
  private final Duration onError;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private Thread thread;
  private volatile boolean running;

  public ReplayRunDriver(DriveReplayRuns drive, Duration onError) {
    this.drive = Objects.requireNonNull(drive, "drive");
    this.onError = Objects.requireNonNull(onError, "onError");
  }

  @Override
  public void start() {
    lock.lock();
    try {
      if (running) {
        return;
      }
      running = true;
      thread = Thread.ofPlatform().name("fetchq-dead-letter-replay").daemon().start(this::loop);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void stop() {
    Thread stopping;
    lock.lock();
    try {
      running = false;
      wake.signalAll();
      stopping = thread;
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

  @Override
  public boolean isRunning() {
    return running;
  }

  private void loop() {
    while (running) {
      Duration pause;
      try {
        pause = drive.step();
      } catch (RuntimeException e) {
        log.error("dead-letter replay step failed; retrying in {}", onError, e);
        pause = onError;
      }
      pause(pause);
    }
  }

  private void pause(Duration pause) {
    if (pause.isZero() || pause.isNegative()) {
      return;
    }
    lock.lock();
    try {
      if (running) {
        wake.await(pause.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }
}
