package io.fetchq.standalone.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresAddressTest {

  @Test
  void parsesHostPortAndDatabase() {
    PostgresAddress address = PostgresAddress.parse("jdbc:postgresql://db.internal:6432/fetchq");

    assertThat(address.host()).isEqualTo("db.internal");
    assertThat(address.port()).isEqualTo(6432);
    assertThat(address.database()).isEqualTo("fetchq");
    assertThat(address.display()).isEqualTo("db.internal:6432");
  }

  @Test
  void defaultsThePortTo5432AndKeepsTheQueryForSiblingUrls() {
    PostgresAddress address =
        PostgresAddress.parse("jdbc:postgresql://127.0.0.1/fetchq?sslmode=disable");

    assertThat(address.port()).isEqualTo(5432);
    assertThat(address.urlFor("postgres"))
        .isEqualTo("jdbc:postgresql://127.0.0.1/postgres?sslmode=disable");
  }

  @Test
  void takesTheFirstHostOfAMultiHostUrl() {
    PostgresAddress address =
        PostgresAddress.parse("jdbc:postgresql://a.example:5433,b.example:5434/jobs");

    assertThat(address.display()).isEqualTo("a.example:5433");
    assertThat(address.urlFor("postgres"))
        .isEqualTo("jdbc:postgresql://a.example:5433,b.example:5434/postgres");
  }

  @Test
  void parsesBracketedIpv6Hosts() {
    PostgresAddress address = PostgresAddress.parse("jdbc:postgresql://[::1]:5444/fetchq");

    assertThat(address.host()).isEqualTo("::1");
    assertThat(address.display()).isEqualTo("[::1]:5444");
  }

  @Test
  void readsTheShortFormAsLocalhost() {
    PostgresAddress address = PostgresAddress.parse("jdbc:postgresql:fetchq");

    assertThat(address.display()).isEqualTo("localhost:5432");
    assertThat(address.database()).isEqualTo("fetchq");
    assertThat(address.urlFor("postgres")).isEqualTo("jdbc:postgresql://localhost:5432/postgres");
  }

  @Test
  void decodesThePercentEncodedDatabaseName() {
    assertThat(PostgresAddress.parse("jdbc:postgresql://h/my%20db").database()).isEqualTo("my db");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:mysql://127.0.0.1:3306/fetchq",
        "postgresql://127.0.0.1/fetchq",
        "jdbc:postgresql://127.0.0.1:notaport/fetchq",
        "jdbc:postgresql://127.0.0.1:70000/fetchq",
        "jdbc:postgresql://[::1/fetchq",
        "jdbc:postgresql://:5432/fetchq",
        "jdbc:postgresql://h/a/b"
      })
  void rejectsWhatIsNotAPostgresJdbcUrl(String url) {
    assertThatThrownBy(() -> PostgresAddress.parse(url))
        .isInstanceOf(PreflightException.class)
        .hasMessageStartingWith("fetchq: FETCHQ_DB_URL '")
        .hasMessageEndingWith("use jdbc:postgresql://host:port/database.");
  }

  @Test
  void neverShowsTheQueryOfARejectedUrlWhichMayHoldAPassword() {
    assertThatThrownBy(() -> PostgresAddress.parse("jdbc:mysql://h/db?password=secret"))
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> PostgresAddress.parse(null)).isInstanceOf(PreflightException.class);
  }
}
