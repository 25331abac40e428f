package io.fetchq.standalone.preflight;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The checks standalone mode runs before it starts anything heavy: PostgreSQL answers and holds the
 * configured database (created when missing), Redis answers {@code PING}. Each problem is reported
 * as a {@link PreflightException} whose message says what to do. Plain sockets and JDBC, a few
 * seconds at worst.
 */
public final class Preflight {

  /** What a check found, for the start-up log. */
  public record Report(PostgresAddress postgres, boolean databaseCreated, RedisAddress redis) {}

  private final Duration connectTimeout;
  private final Optional<String> postgresStartHint;
  private final Optional<String> redisStartHint;

  /**
   * @param connectTimeout how long a TCP connect may take before the service counts as unreachable
   * @param postgresStartHint the command that starts PostgreSQL on this machine, when known
   * @param redisStartHint the command that starts Redis on this machine, when known
   */
  public Preflight(
      Duration connectTimeout,
      Optional<String> postgresStartHint,
      Optional<String> redisStartHint) {
    this.connectTimeout = connectTimeout;
    this.postgresStartHint = postgresStartHint;
    this.redisStartHint = redisStartHint;
  }

  /** A pre-flight whose hints name the start commands of the services installed on this machine. */
  public static Preflight forThisMachine() {
    return new Preflight(
        Duration.ofSeconds(3), postgresStartHint(Path.of("/etc/postgresql")), redisStartHint());
  }

  /**
   * Runs every check.
   *
   * @throws PreflightException on the first problem
   */
  public Report run(String jdbcUrl, String user, String password, String redisUrl) {
    PostgresAddress postgres = PostgresAddress.parse(jdbcUrl);
    boolean created = checkPostgres(postgres, jdbcUrl, user, password);
    RedisAddress redis = RedisAddress.parse(redisUrl);
    checkRedis(redis);
    return new Report(postgres, created, redis);
  }

  /**
   * Checks that PostgreSQL answers and that the URL's database exists, creating it when missing.
   *
   * @return whether the database was created
   * @throws PreflightException when the server cannot be reached, refuses the login, or the
   *     database can neither be opened nor created
   */
  public boolean checkPostgres(
      PostgresAddress address, String jdbcUrl, String user, String password) {
    unreachable(address.host(), address.port())
        .ifPresent(
            reason -> {
              throw new PreflightException(
                  "fetchq: cannot reach PostgreSQL at "
                      + address.display()
                      + " ("
                      + reason
                      + "). Start it"
                      + postgresStartHint.map(h -> " (on this machine: " + h + ")").orElse("")
                      + " or set FETCHQ_DB_URL.");
            });
    try (Connection connection = connect(jdbcUrl, user, password)) {
      connection.isValid((int) connectTimeout.toSeconds());
      return false;
    } catch (SQLException e) {
      if (!"3D000".equals(e.getSQLState()) || address.database().isEmpty()) {
        throw sqlProblem(address, user, e);
      }
    }
    createDatabase(address, user, password);
    return true;
  }

  /**
   * Checks that Redis answers {@code PING}, authenticating first when the address carries
   * credentials. For TLS addresses only the TCP connection is checked.
   *
   * @throws PreflightException when Redis cannot be reached or refuses the command
   */
  public void checkRedis(RedisAddress address) {
    String where = address.display();
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(address.host(), address.port()), (int) connectTimeout.toMillis());
      if (address.tls()) {
        return;
      }
      socket.setSoTimeout((int) connectTimeout.toMillis());
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      if (address.password() != null) {
        List<String> auth = new ArrayList<>(List.of("AUTH"));
        if (address.username() != null) {
          auth.add(address.username());
        }
        auth.add(address.password());
        String reply = command(out, in, auth);
        if (!reply.startsWith("+")) {
          throw new PreflightException(
              "fetchq: Redis at "
                  + where
                  + " refused the credentials in FETCHQ_REDIS_URL ("
                  + firstWord(reply)
                  + "). Fix the user or password in that URL.");
        }
      }
      String reply = command(out, in, List.of("PING"));
      if (reply.startsWith("-NOAUTH")) {
        throw new PreflightException(
            "fetchq: Redis at "
                + where
                + " requires a password. Put it in FETCHQ_REDIS_URL"
                + " (redis://:password@host:port).");
      }
      if (!reply.equals("+PONG")) {
        throw new PreflightException(
            "fetchq: "
                + where
                + " did not answer PING like Redis (answered '"
                + abbreviate(reply)
                + "'). Check FETCHQ_REDIS_URL.");
      }
    } catch (IOException e) {
      throw new PreflightException(
          "fetchq: cannot reach Redis at "
              + where
              + " ("
              + reason(e)
              + "). Start it"
              + redisStartHint.map(h -> " (on this machine: " + h + ")").orElse("")
              + " or set FETCHQ_REDIS_URL.");
    }
  }

  private void createDatabase(PostgresAddress address, String user, String password) {
    String maintenanceUrl = address.urlFor("postgres");
    try (Connection connection = connect(maintenanceUrl, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + quoteIdentifier(address.database()));
    } catch (SQLException e) {
      if ("42P04".equals(e.getSQLState())) {
        return; // created concurrently: what we wanted
      }
      throw new PreflightException(
          "fetchq: database '"
              + address.database()
              + "' does not exist on PostgreSQL at "
              + address.display()
              + " and could not be created ("
              + firstLine(e.getMessage())
              + "). Create it (createdb "
              + address.database()
              + ") or give FETCHQ_DB_USER the CREATEDB privilege.");
    }
  }

  private Connection connect(String url, String user, String password) throws SQLException {
    Properties props = new Properties();
    if (user != null && !user.isEmpty()) {
      props.setProperty("user", user);
    }
    if (password != null && !password.isEmpty()) {
      props.setProperty("password", password);
    }
    String seconds = Long.toString(Math.max(1, connectTimeout.toSeconds()));
    props.setProperty("connectTimeout", seconds);
    props.setProperty("loginTimeout", Long.toString(Math.max(5, connectTimeout.toSeconds() * 2)));
    props.setProperty("socketTimeout", "30");
    props.setProperty("ApplicationName", "fetchq-preflight");
    Connection connection = new org.postgresql.Driver().connect(url, props);
    if (connection == null) {
      throw new SQLException("the PostgreSQL driver does not accept this URL", "08001");
    }
    return connection;
  }

  private static PreflightException sqlProblem(
      PostgresAddress address, String user, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("28")) {
      return new PreflightException(
          "fetchq: PostgreSQL at "
              + address.display()
              + " refused the login of user '"
              + user
              + "' ("
              + firstLine(e.getMessage())
              + "). Set FETCHQ_DB_USER and FETCHQ_DB_PASSWORD.");
    }
    return new PreflightException(
        "fetchq: PostgreSQL at "
            + address.display()
            + " did not accept a connection ("
            + firstLine(e.getMessage())
            + "). Check FETCHQ_DB_URL, FETCHQ_DB_USER and FETCHQ_DB_PASSWORD.");
  }

  /** Empty when a TCP connection succeeds, otherwise why it failed, in a few words. */
  private Optional<String> unreachable(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(reason(e));
    }
  }

  private String reason(IOException e) {
    return switch (e) {
      case ConnectException c -> "connection refused";
      case SocketTimeoutException t ->
          "no answer within " + connectTimeout.toMillis() / 1000.0 + " s";
      case UnknownHostException u -> "unknown host";
      case NoRouteToHostException n -> "no route to host";
      default -> firstLine(e.getMessage());
    };
  }

  /** Sends one RESP command and reads the first line of the reply. */
  private static String command(OutputStream out, InputStream in, List<String> words)
      throws IOException {
    StringBuilder request = new StringBuilder("*").append(words.size()).append("\r\n");
    for (String word : words) {
      byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
      request.append('$').append(bytes.length).append("\r\n").append(word).append("\r\n");
    }
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n' && line.length() < 512) {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private static String quoteIdentifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  private static String firstWord(String reply) {
    String text = reply.startsWith("-") ? reply.substring(1) : reply;
    int space = text.indexOf(' ');
    return space < 0 ? text : text.substring(0, space);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "no detail";
    }
    String line = message.lines().findFirst().orElse(message).trim();
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }

  /** {@code pg_ctlcluster --skip-systemctl-redirect <version> main start} for a Debian install. */
  static Optional<String> postgresStartHint(Path etcPostgresql) {
    if (!Files.isDirectory(etcPostgresql)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(etcPostgresql)) {
      return versions
          .filter(p -> Files.isDirectory(p.resolve("main")))
          .map(p -> p.getFileName().toString())
          .max(String::compareTo)
          .map(v -> "pg_ctlcluster --skip-systemctl-redirect " + v + " main start");
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> redisStartHint() {
    String path = System.getenv("PATH");
    boolean installed =
        path != null
            && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "redis-server")));
    return installed ? Optional.of("redis-server --daemonize yes") : Optional.empty();
  }
}
