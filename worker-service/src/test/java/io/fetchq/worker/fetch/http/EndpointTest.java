package io.fetchq.worker.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

  @ParameterizedTest(name = "{0} -> {1} {2} {3}")
  @CsvSource({
    "http://example.org/x, http, example.org, -1",
    "HTTPS://Example.org:8443/x, https, Example.org, 8443",
    "http://127.0.0.1:80, http, 127.0.0.1, 80",
    "http://2130706433/, http, 2130706433, -1",
    "http://0x7f.1/, http, 0x7f.1, -1",
    "http://0x7f.1:8080/a?b, http, 0x7f.1, 8080",
    "http://u:p@0x7f.1:8080/, http, 0x7f.1, 8080",
    "http://a_b.example/, http, a_b.example, -1",
    "http://a_b.example:/, http, a_b.example, -1",
    "http://[::1]:81/x, http, ::1, 81",
    "http://[::ffff:127.0.0.1]/, http, ::ffff:127.0.0.1, -1"
  })
  void takesTheHostAsWrittenEvenWhenJavaDoesNot(String url, String scheme, String host, int port) {
    assertThat(Endpoint.of(URI.create(url))).contains(new Endpoint(scheme, host, port));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.org/",
        "file:///etc/passwd",
        "http:///x",
        "http:opaque",
        "/relative",
        "http://a_b.example:99999/",
        "http://a_b.example:8x/",
        "http://example.org:70000/"
      })
  void hasNoEndpointForAnythingButHttpWithAHost(String url) {
    assertThat(Endpoint.of(URI.create(url))).isEmpty();
  }

  @Test
  void comparesOriginsBySchemeHostAndEffectivePort() {
    Endpoint plain = new Endpoint("http", "example.org", -1);

    assertThat(plain.sameOrigin(new Endpoint("http", "EXAMPLE.org", 80))).isTrue();
    assertThat(plain.sameOrigin(new Endpoint("https", "example.org", -1))).isFalse();
    assertThat(plain.sameOrigin(new Endpoint("http", "example.org", 8080))).isFalse();
    assertThat(plain.sameOrigin(new Endpoint("http", "www.example.org", -1))).isFalse();
    assertThat(new Endpoint("https", "a", 443).sameOrigin(new Endpoint("https", "a", -1))).isTrue();
  }

  @Test
  void routesToTheNameAndKeepsItForTheHostHeader() {
    Endpoint endpoint = new Endpoint("https", "api.example.org", 8443);

    assertThat(endpoint.httpHost()).isEqualTo(new HttpHost("https", "api.example.org", 8443));
    assertThat(endpoint.httpHost().getAddress()).as("resolved on connect").isNull();
    assertThat(endpoint.authority().toString()).isEqualTo("api.example.org:8443");
    assertThat(Optional.of(endpoint.authority().getPort())).contains(8443);
  }

  @Test
  void bracketsIpv6LiteralsForTheRouteAndTheHostHeader() {
    Endpoint endpoint = Endpoint.of(URI.create("http://[::1]:8080/")).orElseThrow();

    assertThat(endpoint.httpHost().getHostName()).isEqualTo("[::1]");
    assertThat(endpoint.authority().toString()).isEqualTo("[::1]:8080");
  }
}
