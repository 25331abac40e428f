package io.fetchq.standalone.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisAddressTest {

  @Test
  void parsesHostAndDefaultPort() {
    RedisAddress address = RedisAddress.parse("redis://127.0.0.1");

    assertThat(address).isEqualTo(new RedisAddress("127.0.0.1", 6379, null, null, false));
    assertThat(address.display()).isEqualTo("127.0.0.1:6379");
  }

  @Test
  void readsPasswordOnlyCredentials() {
    RedisAddress address = RedisAddress.parse("redis://:s3cr%40t@cache:6380/2");

    assertThat(address.username()).isNull();
    assertThat(address.password()).isEqualTo("s3cr@t");
    assertThat(address.port()).isEqualTo(6380);
  }

  @Test
  void readsUserAndPassword() {
    RedisAddress address = RedisAddress.parse("rediss://fetchq:pw@cache");

    assertThat(address.username()).isEqualTo("fetchq");
    assertThat(address.password()).isEqualTo("pw");
    assertThat(address.tls()).isTrue();
  }

  @Test
  void readsABareUserInfoAsThePassword() {
    assertThat(RedisAddress.parse("redis://pw@cache").password()).isEqualTo("pw");
  }

  @Test
  void parsesIpv6Hosts() {
    assertThat(RedisAddress.parse("redis://[::1]:7000").display()).isEqualTo("[::1]:7000");
  }

  @Test
  void hidesThePasswordInToString() {
    assertThat(RedisAddress.parse("redis://:topsecret@cache").toString())
        .doesNotContain("topsecret")
        .contains("password=***");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:6379", "127.0.0.1:6379", "redis://", "redis://a b"})
  void rejectsWhatIsNotARedisUrl(String url) {
    assertThatThrownBy(() -> RedisAddress.parse(url))
        .isInstanceOf(PreflightException.class)
        .hasMessage(
            "fetchq: FETCHQ_REDIS_URL is not a Redis URL; use redis://host:port"
                + " (or redis://:password@host:port).");
  }
}
