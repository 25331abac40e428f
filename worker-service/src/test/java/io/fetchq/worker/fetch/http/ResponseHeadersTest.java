package io.fetchq.worker.fetch.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.Test;

class ResponseHeadersTest {

  @Test
  void lowercasesNamesAndJoinsRepeatedValuesInOrder() {
    Header[] headers = {
      new BasicHeader("Content-Type", "text/plain"),
      new BasicHeader("Set-Cookie", "a=1"),
      new BasicHeader("X-Multi", "one"),
      new BasicHeader("set-cookie", "b=2"),
      new BasicHeader("X-MULTI", "two")
    };

    assertThat(ResponseHeaders.normalize(headers))
        .containsExactly(
            org.assertj.core.api.Assertions.entry("content-type", "text/plain"),
            org.assertj.core.api.Assertions.entry("set-cookie", "a=1, b=2"),
            org.assertj.core.api.Assertions.entry("x-multi", "one, two"));
  }

  @Test
  void replacesControlCharactersAndNullValues() {
    Header[] headers = {new BasicHeader("X-Odd", "a\u0000b\tc"), new BasicHeader("X-Empty", null)};

    assertThat(ResponseHeaders.normalize(headers))
        .containsEntry("x-odd", "a b\tc")
        .containsEntry("x-empty", "");
  }

  @Test
  void noHeadersGiveAnEmptyMap() {
    assertThat(ResponseHeaders.normalize(new Header[0])).isEmpty();
  }
}
