package io.fetchq.api.jobs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobRequestRulesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.org/data.json",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/a?b=c#d",
        "http://example.org:8080/x",
        "http://10.0.0.1/",
        "http://[::1]:8080/",
        "http://0x7f.1/",
        "http://127.1/",
        "http://exa_mple.example/",
        "https://example.org/%20encoded"
      })
  void acceptsAbsoluteHttpUrls(String url) {
    assertThat(JobRequestRules.urlViolation(url)).isEmpty();
    assertThat(JobRequestRules.validHost(url)).contains(JobRequestRules.hostOf(url));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/relative/path | must be an absolute http or https URL",
        "example.org/x | must be an absolute http or https URL",
        "ftp://example.org/file | must be an absolute http or https URL",
        "file:///etc/passwd | must be an absolute http or https URL",
        "javascript:alert(1) | must be an absolute http or https URL",
        "https://user:pw@example.org/ | must not contain user-info",
        "https://user@example.org/ | must not contain user-info",
        "http://%31%32%37.0.0.1/ | must have a valid host",
        "http:/just-a-path | must have a valid host",
        "http://exa mple.org/ | must not contain spaces or control characters",
        "http://example.org:port/ | must have a valid host",
        "http://[::1/ | must be a valid absolute URL",
        "http://bücher.example/ | must have a valid host"
      })
  void refusesOtherUrls(String url, String reason) {
    assertThat(JobRequestRules.urlViolation(url)).contains(reason);
    assertThat(JobRequestRules.validHost(url)).isEmpty();
  }

  @Test
  void refusesBlankAndLongUrlsAndLineBreaks() {
    assertThat(JobRequestRules.urlViolation(null)).contains("must not be blank");
    assertThat(JobRequestRules.urlViolation("  ")).contains("must not be blank");
    String atLimit = "https://example.org/" + "a".repeat(2048 - 20);
    assertThat(atLimit).hasSize(2048);
    assertThat(JobRequestRules.urlViolation(atLimit)).isEmpty();
    assertThat(JobRequestRules.urlViolation(atLimit + "a"))
        .contains("must be at most 2048 characters");
    assertThat(JobRequestRules.urlViolation("https://example.org/\r\nHost: x")).isPresent();
    assertThat(JobRequestRules.urlViolation("https://example.org/\t")).isPresent();
    for (String refused : new String[] {null, "  ", atLimit + "a", "https://example.org/\t"}) {
      assertThat(JobRequestRules.validHost(refused)).isEmpty();
    }
    assertThat(JobRequestRules.validHost(atLimit)).contains("example.org");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://example.org/data | example.org",
        "http://[::1]:8080/ | ::1",
        "http://[::ffff:127.0.0.1]/ | ::ffff:127.0.0.1",
        "http://2130706433/ | 2130706433",
        "http://0x7f.1:80/ | 0x7f.1",
        "http://127.1/ | 127.1",
        "http://exa_mple.example:8080/ | exa_mple.example"
      })
  void extractsHostsAsWritten(String url, String host) {
    assertThat(JobRequestRules.hostOf(url)).isEqualTo(host);
    assertThat(JobRequestRules.validHost(url)).contains(host);
  }

  @Test
  void hasNoHostForAUrlWithoutOne() {
    assertThatThrownBy(() -> JobRequestRules.hostOf("http:/path"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Accept", "X-Request-Id", "x.custom", "a!#$%&'*+-.^_`|~z", "Authorization"})
  void acceptsTokenHeaderNames(String name) {
    assertThat(JobRequestRules.headerNameViolation(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "X Foo",
        "X:Foo",
        "X\rFoo",
        "X\nFoo",
        "X(Foo)",
        "é",
        "",
        "Host",
        "host",
        "Content-Length",
        "Connection",
        "Transfer-Encoding",
        "Upgrade",
        "Keep-Alive",
        "TE",
        "Trailer",
        "Expect",
        "Proxy-Connection",
        "HTTP2-Settings"
      })
  void refusesOtherHeaderNames(String name) {
    assertThat(JobRequestRules.headerNameViolation(name)).isPresent();
  }

  @Test
  void refusesNullHeaderName() {
    assertThat(JobRequestRules.headerNameViolation(null)).isPresent();
  }

  @Test
  void checksHeaderValues() {
    assertThat(JobRequestRules.headerValueViolation("text/html; q=0.9\tx")).isEmpty();
    assertThat(JobRequestRules.headerValueViolation("")).isEmpty();
    assertThat(JobRequestRules.headerValueViolation("a\r\nEvil: 1")).isPresent();
    assertThat(JobRequestRules.headerValueViolation("a\n")).isPresent();
    assertThat(JobRequestRules.headerValueViolation("a\u0000")).isPresent();
    assertThat(JobRequestRules.headerValueViolation("a\u007F")).isPresent();
    assertThat(JobRequestRules.headerValueViolation(null)).isPresent();
    assertThat(JobRequestRules.headerValueViolation("v".repeat(8 * 1024))).isEmpty();
    assertThat(JobRequestRules.headerValueViolation("v".repeat(8 * 1024 + 1))).isPresent();
  }

  @Test
  void limitsHeadersToFiftyDistinctNames() {
    assertThat(JobRequestRules.headersViolation(headers(50))).isEmpty();
    assertThat(JobRequestRules.headersViolation(headers(51)))
        .contains("at most 50 headers are allowed");
    Map<String, String> duplicated = new LinkedHashMap<>();
    duplicated.put("Accept", "a");
    duplicated.put("ACCEPT", "b");
    assertThat(JobRequestRules.headersViolation(duplicated))
        .contains("header names must be unique (case-insensitive)");
    assertThat(JobRequestRules.headersViolation(Map.of("Host", "x"))).isPresent();
    assertThat(JobRequestRules.headersViolation(Map.of("X-A", "a\r\n"))).isPresent();
    assertThat(JobRequestRules.duplicateHeaderNamesViolation(List.of("a", "b", "A"))).isPresent();
    assertThat(JobRequestRules.duplicateHeaderNamesViolation(List.of("a", "b"))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"99, true", "100, false", "10000, false", "60000, false", "60001, true", "-1, true"})
  void limitsTimeout(int timeoutMs, boolean refused) {
    assertThat(JobRequestRules.timeoutViolation(timeoutMs).isPresent()).isEqualTo(refused);
  }

  @Test
  void limitsMetadataToFourKibibytesSerialized() {
    // {"k":"…"} is 8 bytes plus the value.
    assertThat(JobRequestRules.metadataViolation(Map.of("k", "v".repeat(4096 - 8)))).isEmpty();
    assertThat(JobRequestRules.metadataViolation(Map.of("k", "v".repeat(4096 - 7)))).isPresent();
    // Escapes and multi-byte characters count as serialized.
    assertThat(JobRequestRules.serializedSize(Map.of("a", "\"\\\u0001é€😀")))
        .isEqualTo(2 + 3 + 1 + 2 + 2 + 2 + 6 + 2 + 3 + 4);
    assertThat(JobRequestRules.serializedSize(Map.of())).isEqualTo(2);
    Map<String, String> nullValue = new LinkedHashMap<>();
    nullValue.put("a", null);
    assertThat(JobRequestRules.metadataViolation(nullValue))
        .contains("keys and values must be strings");
  }

  private static Map<String, String> headers(int count) {
    Map<String, String> headers = new LinkedHashMap<>();
    IntStream.range(0, count).forEach(i -> headers.put("X-H-" + i, "v"));
    return headers;
  }
}
