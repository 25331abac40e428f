package io.fetchq.standalone.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Against the machine's PostgreSQL and Redis. */
class PreflightIT {

  private final Preflight preflight =
      new Preflight(Duration.ofSeconds(3), Optional.empty(), Optional.empty());

  @Test
  void createsTheDatabaseWhenItIsMissingThenFindsItNextTime() throws Exception {
    TestDatabase scratch = TestDatabase.create("preflight");
    String missing =
        scratch.name() + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
    String url = scratch.jdbcUrl().replace(scratch.name(), missing);
    try {
      Preflight.Report first =
          preflight.run(url, scratch.username(), scratch.password(), redisUrl());
      Preflight.Report second =
          preflight.run(url, scratch.username(), scratch.password(), redisUrl());

      assertThat(first.databaseCreated()).isTrue();
      assertThat(second.databaseCreated()).isFalse();
      assertThat(first.postgres().database()).isEqualTo(missing);
      assertThat(databaseExists(scratch, missing)).isTrue();
    } finally {
      try (Connection c = scratch.connect();
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + missing + " WITH (FORCE)");
      }
    }
  }

  @Test
  void pingsTheLocalRedis() {
    RedisAddress redis = RedisAddress.parse(redisUrl());

    preflight.checkRedis(redis);

    assertThat(redis.display()).isEqualTo("127.0.0.1:6379");
  }

  private static boolean databaseExists(TestDatabase any, String name) throws Exception {
    try (Connection c = DriverManager.getConnection(any.jdbcUrl(), any.username(), any.password());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
      rs.next();
      return rs.getInt(1) == 1;
    }
  }

  private static String redisUrl() {
    return "redis://127.0.0.1:6379";
  }
}
