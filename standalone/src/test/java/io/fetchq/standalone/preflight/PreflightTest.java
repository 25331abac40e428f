package io.fetchq.standalone.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {

  private final Preflight preflight =
      new Preflight(
          Duration.ofSeconds(2),
          Optional.of("pg_ctlcluster --skip-systemctl-redirect 15 main start"),
          Optional.of("redis-server --daemonize yes"));

  @Test
  void namesTheAddressAndTheFixWhenPostgresIsUnreachable() throws IOException {
    int port = closedPort();

    PreflightException failure =
        catchThrowableOfType(
            PreflightException.class,
            () ->
                preflight.run(
                    "jdbc:postgresql://127.0.0.1:" + port + "/fetchq",
                    "postgres",
                    "",
                    "redis://127.0.0.1:6379"));

    assertThat(failure)
        .hasMessage(
            "fetchq: cannot reach PostgreSQL at 127.0.0.1:"
                + port
                + " (connection refused). Start it (on this machine: pg_ctlcluster"
                + " --skip-systemctl-redirect 15 main start) or set FETCHQ_DB_URL.");
    assertThat(failure.getStackTrace()).isEmpty();
    assertThat(failure.getCause()).isNull();
  }

  @Test
  void leavesTheHintOutWhenTheStartCommandIsUnknown() throws IOException {
    int port = closedPort();
    Preflight withoutHints =
        new Preflight(Duration.ofSeconds(2), Optional.empty(), Optional.empty());

    assertThat(
            catchThrowableOfType(
                PreflightException.class,
                () -> withoutHints.checkRedis(RedisAddress.parse("redis://127.0.0.1:" + port))))
        .hasMessage(
            "fetchq: cannot reach Redis at 127.0.0.1:"
                + port
                + " (connection refused). Start it or set FETCHQ_REDIS_URL.");
  }

  @Test
  void reportsAnUnknownHost() {
    assertThat(
            catchThrowableOfType(
                PreflightException.class,
                () -> preflight.checkRedis(RedisAddress.parse("redis://no-such-host.invalid"))))
        .hasMessageStartingWith("fetchq: cannot reach Redis at no-such-host.invalid:6379")
        .hasMessageContaining("(unknown host)");
  }

  @Test
  void namesTheAddressAndTheFixWhenRedisIsUnreachable() throws IOException {
    int port = closedPort();

    assertThat(
            catchThrowableOfType(
                PreflightException.class,
                () -> preflight.checkRedis(RedisAddress.parse("redis://127.0.0.1:" + port))))
        .hasMessage(
            "fetchq: cannot reach Redis at 127.0.0.1:"
                + port
                + " (connection refused). Start it (on this machine: redis-server --daemonize yes)"
                + " or set FETCHQ_REDIS_URL.");
  }

  @Test
  void authenticatesWithTheUrlCredentialsBeforePing() throws IOException {
    try (FakeServer redis =
        FakeServer.start(request -> request.contains("AUTH") ? "+OK\r\n" : "+PONG\r\n")) {
      assertThatCode(
              () ->
                  preflight.checkRedis(
                      RedisAddress.parse("redis://fetchq:pw@127.0.0.1:" + redis.port())))
          .doesNotThrowAnyException();

      assertThat(redis.received().getFirst())
          .isEqualTo("*3\r\n$4\r\nAUTH\r\n$6\r\nfetchq\r\n$2\r\npw\r\n");
      assertThat(redis.received().get(1)).isEqualTo("*1\r\n$4\r\nPING\r\n");
    }
  }

  @Test
  void asksForAPasswordWhenRedisAnswersNoauth() throws IOException {
    try (FakeServer redis = FakeServer.start(request -> "-NOAUTH Authentication required.\r\n")) {
      assertThat(
              catchThrowableOfType(
                  PreflightException.class,
                  () ->
                      preflight.checkRedis(
                          RedisAddress.parse("redis://127.0.0.1:" + redis.port()))))
          .hasMessage(
              "fetchq: Redis at 127.0.0.1:"
                  + redis.port()
                  + " requires a password. Put it in FETCHQ_REDIS_URL"
                  + " (redis://:password@host:port).");
    }
  }

  @Test
  void reportsRefusedCredentialsWithoutShowingThem() throws IOException {
    try (FakeServer redis =
        FakeServer.start(request -> "-WRONGPASS invalid username-password pair\r\n")) {
      PreflightException failure =
          catchThrowableOfType(
              PreflightException.class,
              () ->
                  preflight.checkRedis(
                      RedisAddress.parse("redis://:hunter2@127.0.0.1:" + redis.port())));

      assertThat(failure)
          .hasMessageContaining("refused the credentials in FETCHQ_REDIS_URL (WRONGPASS)")
          .hasMessageNotContaining("hunter2");
    }
  }

  @Test
  void refusesAServerThatDoesNotSpeakRedis() throws IOException {
    try (FakeServer http = FakeServer.start(request -> "HTTP/1.1 400 Bad Request\r\n\r\n")) {
      assertThat(
              catchThrowableOfType(
                  PreflightException.class,
                  () ->
                      preflight.checkRedis(RedisAddress.parse("redis://127.0.0.1:" + http.port()))))
          .hasMessage(
              "fetchq: 127.0.0.1:"
                  + http.port()
                  + " did not answer PING like Redis (answered 'HTTP/1.1 400 Bad Request')."
                  + " Check FETCHQ_REDIS_URL.");
    }
  }

  @Test
  void onlyConnectsToATlsRedis() throws IOException {
    try (FakeServer tls = FakeServer.start(request -> null)) {
      assertThatCode(
              () -> preflight.checkRedis(RedisAddress.parse("rediss://127.0.0.1:" + tls.port())))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void reportsAServerThatHangsUpOnThePostgresHandshake() throws IOException {
    try (FakeServer notPostgres = FakeServer.start(request -> null)) {
      assertThat(
              catchThrowableOfType(
                  PreflightException.class,
                  () ->
                      preflight.checkPostgres(
                          PostgresAddress.parse(
                              "jdbc:postgresql://127.0.0.1:" + notPostgres.port() + "/fetchq"),
                          "jdbc:postgresql://127.0.0.1:" + notPostgres.port() + "/fetchq",
                          "postgres",
                          "")))
          .hasMessageStartingWith(
              "fetchq: PostgreSQL at 127.0.0.1:" + notPostgres.port() + " did not accept")
          .hasMessageEndingWith("Check FETCHQ_DB_URL, FETCHQ_DB_USER and FETCHQ_DB_PASSWORD.");
    }
  }

  @Test
  void derivesThePostgresStartCommandFromTheInstalledClusters(@TempDir Path etc)
      throws IOException {
    Files.createDirectories(etc.resolve("13/main"));
    Files.createDirectories(etc.resolve("15/main"));
    Files.createDirectories(etc.resolve("not-a-cluster"));

    assertThat(Preflight.postgresStartHint(etc))
        .contains("pg_ctlcluster --skip-systemctl-redirect 15 main start");
    assertThat(Preflight.postgresStartHint(etc.resolve("absent"))).isEmpty();
  }

  @Test
  void forThisMachineBuildsAPreflight() {
    assertThat(Preflight.forThisMachine()).isNotNull();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
