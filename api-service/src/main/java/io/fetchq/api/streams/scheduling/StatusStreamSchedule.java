package io.fetchq.api.streams.scheduling;

import io.fetchq.api.streams.usecase.StatusStreams;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * On one daemon thread: a keep-alive on every status stream every {@code heartbeat}, and a re-read
 * of every stream every {@code fallback} (notifications are hints). At shutdown, before the web
 * server drains its requests, it completes every stream so clients reconnect to another instance
 * instead of holding the shutdown.
 */
public final class StatusStreamSchedule implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(StatusStreamSchedule.class);

  private final StatusStreams streams;
  private final Duration heartbeat;
  private final Duration fallback;
  private volatile ScheduledExecutorService executor;

  public StatusStreamSchedule(StatusStreams streams, Duration heartbeat, Duration fallback) {
    this.streams = Objects.requireNonNull(streams, "streams");
    this.heartbeat = requirePositive(heartbeat, "heartbeat");
    this.fallback = requirePositive(fallback, "fallback");
  }

  private static Duration requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return value;
  }

  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("status-stream-schedule").daemon().factory());
    schedule(streams::keepAlive, heartbeat);
    schedule(streams::refreshAll, fallback);
  }

  private void schedule(Runnable task, Duration every) {
    long millis = every.toMillis();
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.warn("status stream schedule task failed; retrying at the next run", e);
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
      streams.closeAll();
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
