package io.fetchq.api.changes.persistence;

import io.fetchq.api.changes.usecase.ChangeListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Delivers PostgreSQL notifications to the {@link ChangeListener}s of this instance: one platform
 * thread holds one dedicated connection (not a pool's), {@code LISTEN}s on every listener's
 * channel, waits for notifications and hands each to the listeners of its channel.
 *
 * <p>When the connection fails it logs one WARN, reconnects with a backoff doubling from {@code
 * initialBackoff} to {@code maxBackoff}, and logs one INFO once connected again. After every
 * (re)connection each listener's {@link ChangeListener#resync()} is called, since notifications
 * sent while disconnected are lost. A listener that throws is logged and does not disturb the
 * others or the connection.
 */
public final class PostgresChangeNotifications implements SmartLifecycle {

  /** Opens a new, dedicated connection (the caller closes it). */
  @FunctionalInterface
  public interface ConnectionSource {
    Connection open() throws SQLException;
  }

  /** Starts after the listeners' dependencies, stops before the web server drains. */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

  private static final Logger log = LoggerFactory.getLogger(PostgresChangeNotifications.class);

  private final ConnectionSource connections;
  private final Map<String, List<ChangeListener>> byChannel = new LinkedHashMap<>();
  private final List<ChangeListener> listeners;
  private final Duration pollTimeout;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private final Object lock = new Object();
  private Thread thread; // guarded by lock
  private CountDownLatch stopping; // guarded by lock
  private volatile boolean running;
  private volatile boolean connected;
  private volatile Connection current;

  /**
   * @param listeners every listener of this instance; their channels are listened to
   * @param pollTimeout how long one wait for notifications lasts (bounds how late a stop is seen)
   * @param initialBackoff the first delay before reconnecting
   * @param maxBackoff the longest delay between reconnection attempts
   */
  public PostgresChangeNotifications(
      ConnectionSource connections,
      List<ChangeListener> listeners,
      Duration pollTimeout,
      Duration initialBackoff,
      Duration maxBackoff) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.listeners = List.copyOf(listeners);
    this.pollTimeout = requirePositive(pollTimeout, "pollTimeout");
    this.initialBackoff = requirePositive(initialBackoff, "initialBackoff");
    this.maxBackoff = requirePositive(maxBackoff, "maxBackoff");
    for (ChangeListener listener : this.listeners) {
      String channel = listener.channel();
      if (!channel.matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("not a plain channel name: " + channel);
      }
      byChannel.computeIfAbsent(channel, c -> new ArrayList<>()).add(listener);
    }
  }

  private static Duration requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return value;
  }

  /** Whether the listening connection is up now. */
  public boolean isConnected() {
    return connected;
  }

  /** The channels listened to. */
  public List<String> channels() {
    return List.copyOf(byChannel.keySet());
  }

  @Override
  public void start() {
    synchronized (lock) {
      if (running) {
        return;
      }
      running = true;
      stopping = new CountDownLatch(1);
      CountDownLatch stop = stopping;
      thread = Thread.ofPlatform().name("fetchq-change-listener").daemon().start(() -> run(stop));
    }
  }

  @Override
  public void stop() {
    Thread stopped;
    synchronized (lock) {
      if (!running) {
        return;
      }
      running = false;
      stopping.countDown();
      stopped = thread;
      thread = null;
    }
    abortQuietly(current);
    try {
      stopped.join(pollTimeout.multipliedBy(2).plusSeconds(1).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  private void run(CountDownLatch stop) {
    Duration backoff = initialBackoff;
    boolean failing = false;
    while (running) {
      try (Connection connection = connections.open()) {
        current = connection;
        if (!running) {
          return;
        }
        listen(connection);
        connected = true;
        if (failing) {
          log.info("change listener reconnected channels={}", byChannel.keySet());
        } else {
          log.debug("change listener connected channels={}", byChannel.keySet());
        }
        failing = false;
        backoff = initialBackoff;
        listeners.forEach(PostgresChangeNotifications::resync);
        receive(connection.unwrap(PGConnection.class));
      } catch (SQLException | RuntimeException e) {
        connected = false;
        current = null;
        if (!running) {
          return;
        }
        if (!failing) {
          log.warn(
              "change listener cannot listen (connection lost or refused); reconnecting with backoff (cause={})",
              e.toString());
          failing = true;
        } else {
          log.debug("change listener reconnection failed", e);
        }
        if (await(stop, backoff)) {
          return;
        }
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
      } finally {
        connected = false;
        current = null;
      }
    }
  }

  private void listen(Connection connection) throws SQLException {
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      for (String channel : byChannel.keySet()) {
        statement.execute("LISTEN " + channel);
      }
    }
  }

  private void receive(PGConnection connection) throws SQLException {
    int timeout = (int) Math.max(1, pollTimeout.toMillis());
    while (running) {
      PGNotification[] notifications = connection.getNotifications(timeout);
      if (notifications == null) {
        continue;
      }
      for (PGNotification notification : notifications) {
        dispatch(notification.getName(), notification.getParameter());
      }
    }
  }

  private void dispatch(String channel, String payload) {
    for (ChangeListener listener : byChannel.getOrDefault(channel, List.of())) {
      try {
        listener.changed(payload);
      } catch (RuntimeException e) {
        log.error("change listener failed channel={} payload={}", channel, payload, e);
      }
    }
  }

  private static void resync(ChangeListener listener) {
    try {
      listener.resync();
    } catch (RuntimeException e) {
      log.error("change listener resync failed channel={}", listener.channel(), e);
    }
  }

  /** Waits {@code delay} unless stopped first; true when stopped. */
  private static boolean await(CountDownLatch stop, Duration delay) {
    try {
      return stop.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Closes the connection at once, even while another thread waits on it. */
  private static void abortQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.abort(Runnable::run);
      } catch (SQLException | RuntimeException e) {
        log.debug("closing the change listener connection failed", e);
      }
    }
  }
}
