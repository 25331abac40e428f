package io.fetchq.api.idempotency.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.idempotency.domain.IdempotentResource;
import io.fetchq.api.idempotency.domain.RequestFingerprint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> sameRequests() {
    return Stream.of(
        Arguments.of(
            "{\"url\":\"x\",\"method\":\"GET\"}", "{ \"method\" : \"GET\", \"url\" : \"x\" }"),
        Arguments.of("{\"a\":{\"z\":1,\"b\":[1,2]}}", "{\"a\":{\"b\":[1,2],\"z\":1}}"),
        Arguments.of("{\"multiplier\":2}", "{\"multiplier\":2.0}"),
        Arguments.of("{\"multiplier\":2}", "{\"multiplier\":2e0}"),
        Arguments.of("{\"multiplier\":1.5}", "{\"multiplier\":1.50}"),
        Arguments.of("{\"timeoutMs\":10000}", "{\"timeoutMs\":1E4}"),
        Arguments.of("{\"n\":0}", "{\"n\":-0.0}"),
        Arguments.of("{\"url\":\"A\\u00e9\"}", "{\"url\":\"\\u0041\u00e9\"}"),
        Arguments.of("{\"url\":\"x\"}", "{\"url\":\"x\",\"body\":null}"),
        Arguments.of("{\"url\":\"x\"}", "\n\t{\"url\"\r\n:\"x\"}  "));
  }

  @ParameterizedTest
  @MethodSource("sameRequests")
  void matchesRequestsThatDifferOnlyInSpelling(String a, String b) throws Exception {
    assertThat(canonical(a)).isEqualTo(canonical(b));
    assertThat(fingerprint(a)).isEqualTo(fingerprint(b));
  }

  static Stream<Arguments> differentRequests() {
    return Stream.of(
        Arguments.of("{\"url\":\"x\"}", "{\"url\":\"y\"}"),
        Arguments.of("{\"url\":\"x\"}", "{\"url\":\"x\",\"method\":\"GET\"}"),
        Arguments.of("{\"url\":\"x\"}", "{\"url\":\"x\",\"metadata\":{}}"),
        Arguments.of("{\"a\":[1,2]}", "{\"a\":[2,1]}"),
        Arguments.of("{\"a\":\"1\"}", "{\"a\":1}"),
        Arguments.of("{\"a\":true}", "{\"a\":\"true\"}"),
        Arguments.of("{\"h\":{\"Accept\":\"x\"}}", "{\"h\":{\"accept\":\"x\"}}"),
        Arguments.of("{\"n\":1.5}", "{\"n\":15}"));
  }

  @ParameterizedTest
  @MethodSource("differentRequests")
  void tellsDifferentRequestsApart(String a, String b) throws Exception {
    assertThat(canonical(a)).isNotEqualTo(canonical(b));
    assertThat(fingerprint(a)).isNotEqualTo(fingerprint(b));
  }

  @Test
  void writesSortedCompactJson() throws Exception {
    assertThat(canonical("{ \"b\": [true, null, \"q\\\"\"], \"a\": {\"d\": 1.10, \"c\": 100} }"))
        .isEqualTo("{\"a\":{\"c\":100,\"d\":1.1},\"b\":[true,null,\"q\\\"\"]}");
  }

  @Test
  void canonicalisesRecordsAsTheirJson() {
    record Retry(Integer maxAttempts, Double multiplier) {}
    record Job(String url, Map<String, String> headers, Retry retry, List<String> tags) {}
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-B", "2");
    headers.put("X-A", "1");

    assertThat(CanonicalJson.of(new Job("x", headers, new Retry(5, 2.0), List.of("t"))))
        .isEqualTo(
            "{\"headers\":{\"X-A\":\"1\",\"X-B\":\"2\"},\"retry\":{\"maxAttempts\":5,"
                + "\"multiplier\":2},\"tags\":[\"t\"],\"url\":\"x\"}");
    assertThat(CanonicalJson.of(new Job("x", null, null, null))).isEqualTo("{\"url\":\"x\"}");
  }

  private static String canonical(String json) throws Exception {
    return CanonicalJson.of(JSON.readTree(json));
  }

  private static RequestFingerprint fingerprint(String json) throws Exception {
    return RequestFingerprint.of(IdempotentResource.JOB, canonical(json));
  }
}
