package io.fetchq.api.changes.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fetchq.api.changes.usecase.ChangeListener;
import io.fetchq.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The listener against a real PostgreSQL: fan-out per channel, reconnection, resync, stop. */
class PostgresChangeNotificationsIT {

  private static final TestDatabase DB = TestDatabase.create("listener");
  private static final Duration WAIT = Duration.ofSeconds(10);

  @AfterAll
  static void drop() {
    DB.drop();
  }

  @Test
  void handsEachNotificationToTheListenersOfItsChannelOnly() throws Exception {
    Recording first = new Recording("chan_a");
    Recording second = new Recording("chan_a");
    Recording other = new Recording("chan_b");
    ChangeListener failing = new Failing("chan_a");
    PostgresChangeNotifications listener =
        new PostgresChangeNotifications(
            DB::connect,
            List.of(failing, first, second, other),
            Duration.ofMillis(200),
            Duration.ofMillis(10),
            Duration.ofMillis(50));
    assertThat(listener.channels()).containsExactly("chan_a", "chan_b");
    listener.start();
    try {
      await().atMost(WAIT).until(listener::isConnected);
      assertThat(listener.isRunning()).isTrue();
      await().atMost(WAIT).until(() -> first.resyncs.get() == 1 && other.resyncs.get() == 1);

      execute("SELECT pg_notify('chan_a', 'x'), pg_notify('chan_b', 'y'), pg_notify('c', 'z')");

      await().atMost(WAIT).until(() -> first.payloads.size() == 1 && other.payloads.size() == 1);
      await().atMost(WAIT).until(() -> second.payloads.size() == 1);
      assertThat(first.payloads).containsExactly("x");
      assertThat(second.payloads).containsExactly("x");
      assertThat(other.payloads).containsExactly("y");
    } finally {
      listener.stop();
    }
    assertThat(listener.isRunning()).isFalse();
    assertThat(listener.isConnected()).isFalse();
  }

  @Test
  void reconnectsWithBackoffAndResyncsAfterEveryConnection() throws Exception {
    String application = "test-listener-" + UUID.randomUUID().toString().substring(0, 8);
    AtomicInteger attempts = new AtomicInteger();
    Recording recording = new Recording("chan_r");
    PostgresChangeNotifications listener =
        new PostgresChangeNotifications(
            () -> {
              if (attempts.incrementAndGet() <= 3) {
                throw new SQLException("refused");
              }
              return DriverManager.getConnection(
                  DB.jdbcUrl() + "?ApplicationName=" + application, DB.username(), DB.password());
            },
            List.of(recording),
            Duration.ofMillis(200),
            Duration.ofMillis(10),
            Duration.ofMillis(40));
    listener.start();
    try {
      await().atMost(WAIT).until(listener::isConnected);
      assertThat(attempts).hasValue(4);
      await().atMost(WAIT).until(() -> recording.resyncs.get() == 1);

      execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
              + application
              + "'");

      await().atMost(WAIT).until(() -> recording.resyncs.get() == 2 && listener.isConnected());
      execute("NOTIFY chan_r, 'after'");
      await().atMost(WAIT).until(() -> recording.payloads.contains("after"));
    } finally {
      listener.stop();
    }
  }

  @Test
  void stopsWhileWaitingToReconnect() {
    AtomicInteger attempts = new AtomicInteger();
    PostgresChangeNotifications listener =
        new PostgresChangeNotifications(
            () -> {
              attempts.incrementAndGet();
              throw new SQLException("refused");
            },
            List.of(new Recording("chan_s")),
            Duration.ofMillis(200),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5));
    listener.start();
    listener.start();
    await().atMost(WAIT).until(() -> attempts.get() >= 1);

    long started = System.nanoTime();
    listener.stop();
    listener.stop();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(listener.isRunning()).isFalse();
    assertThat(attempts).hasValue(1);
  }

  @Test
  void refusesChannelsThatAreNotPlainNamesAndNonPositiveDurations() {
    assertThatThrownBy(
            () ->
                new PostgresChangeNotifications(
                    DB::connect,
                    List.of(new Recording("x; DROP TABLE jobs")),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new PostgresChangeNotifications(
                    DB::connect, List.of(), Duration.ZERO, Duration.ofSeconds(1), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = DB.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static final class Recording implements ChangeListener {
    private final String channel;
    final List<String> payloads = new CopyOnWriteArrayList<>();
    final AtomicInteger resyncs = new AtomicInteger();

    Recording(String channel) {
      this.channel = channel;
    }

    @Override
    public String channel() {
      return channel;
    }

    @Override
    public void changed(String payload) {
      payloads.add(payload);
    }

    @Override
    public void resync() {
      resyncs.incrementAndGet();
    }
  }

  private record Failing(String channel) implements ChangeListener {
    @Override
    public void changed(String payload) {
      throw new IllegalStateException("listener bug");
    }

    @Override
    public void resync() {
      throw new IllegalStateException("listener bug");
    }
  }
}
