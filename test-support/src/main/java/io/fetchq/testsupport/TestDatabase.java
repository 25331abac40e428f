package io.fetchq.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A PostgreSQL database created for one test JVM and dropped when it exits, so reruns and
 * concurrent runs never see each other's rows. The server is the local one unless {@code
 * FETCHQ_TEST_DB_HOST} / {@code FETCHQ_TEST_DB_PORT} / {@code FETCHQ_TEST_DB_USER} / {@code
 * FETCHQ_TEST_DB_PASSWORD} say otherwise.
 *
 * @param jdbcUrl the URL of the fresh, empty database
 * @param username the user that owns it
 * @param password that user's password (empty for trust authentication)
 * @param name the database name
 */
public record TestDatabase(String jdbcUrl, String username, String password, String name) {

  private static final String HOST = env("FETCHQ_TEST_DB_HOST", "127.0.0.1");
  private static final String PORT = env("FETCHQ_TEST_DB_PORT", "5432");
  private static final String USER = env("FETCHQ_TEST_DB_USER", "postgres");
  private static final String PASSWORD = env("FETCHQ_TEST_DB_PASSWORD", "");

  /** The name of the thread Spring Boot closes its application contexts on at JVM exit. */
  static final String SPRING_SHUTDOWN_HOOK = "SpringApplicationShutdownHook";

  /** Creates a uniquely named database; it is dropped when the JVM exits. */
  public static TestDatabase create(String purpose) {
    String name =
        "fetchq_t_"
            + purpose.replaceAll("[^a-z0-9]", "")
            + "_"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss"))
            + "_"
            + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    execute("CREATE DATABASE " + name);
    TestDatabase db =
        new TestDatabase(
            "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name, USER, PASSWORD, name);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  awaitApplicationShutdown();
                  db.drop();
                },
                "drop-" + name));
    return db;
  }

  /**
   * Waits for Spring's shutdown hook, which closes the test JVM's application contexts and runs
   * concurrently with this one: dropped first, the database vanished under their loops, and a
   * webhook redelivery round stopping with the context waited Hikari's 30 s connection timeout
   * until Surefire killed the fork ("The exit has elapsed 30 seconds after System.exit(0)").
   */
  private static void awaitApplicationShutdown() {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(SPRING_SHUTDOWN_HOOK) && thread != Thread.currentThread()) {
        try {
          thread.join(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Drops the database, terminating connections still open to it. */
  public void drop() {
    try {
      execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (RuntimeException e) {
      System.err.println("could not drop test database " + name + ": " + e.getMessage());
    }
  }

  /** Opens a connection to this database. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, username, password);
  }

  private static void execute(String sql) {
    String adminUrl = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
    try (Connection c = DriverManager.getConnection(adminUrl, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + HOST + ":" + PORT + " refused '" + sql + "': " + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
