package io.fetchq.api.deadletters.runner;

import io.fetchq.api.deadletters.usecase.DriveReplayRuns;
import io.fetchq.api.runner.StepLoop;
import java.time.Duration;
import java.util.Objects;
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
  private final StepLoop loop;

  public ReplayRunDriver(DriveReplayRuns drive, Duration onError) {
    this.drive = Objects.requireNonNull(drive, "drive");
    this.onError = Objects.requireNonNull(onError, "onError");
    this.loop = new StepLoop("fetchq-dead-letter-replay", this::step);
  }

  @Override
  public void start() {
    loop.start();
  }

  @Override
  public void stop() {
    loop.stop();
  }

  @Override
  public boolean isRunning() {
    return loop.isRunning();
  }

  private Duration step() {
    try {
      return drive.step();
    } catch (RuntimeException e) {
      log.error("dead-letter replay step failed; retrying in {}", onError, e);
      return onError;
    }
  }
}
