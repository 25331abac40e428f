package io.fetchq.kernel.destinations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlHostTest {

  @ParameterizedTest
  @CsvSource({
    "https://API.Example.COM/x, api.example.com",
    "http://[::1]:8080/x, ::1",
    "http://0x7f.1/, 0x7f.1",
    "http://my_host:81/, my_host",
    "http://127.1/, 127.1",
    "'not a url', ''",
    "mailto:x@example.org, ''",
    "http://user@exa%6dple.com/, ''",
    "http:/path, ''"
  })
  void keyIsTheLowercaseHostOrEmpty(String url, String key) {
    assertThat(UrlHost.key(url)).isEqualTo(key);
  }

  @ParameterizedTest
  @CsvSource({
    "https://API.Example.COM/x",
    "http://[::1]:8080/x",
    "http://0x7f.1/",
    "http://My_Host:81/",
    "http://[FE80::A]/"
  })
  void keyOfAHostIsTheKeyOfItsUrl(String url) {
    assertThat(UrlHost.keyOf(UrlHost.of(URI.create(url)).orElseThrow()))
        .isEqualTo(UrlHost.key(url));
  }

  @ParameterizedTest
  @CsvSource({"http://Example.com:80/, Example.com", "http://[fe80::1]/, fe80::1"})
  void ofKeepsTheCaseAndDropsBrackets(String url, String host) {
    assertThat(UrlHost.of(URI.create(url))).contains(host);
  }
}
