package io.fetchq.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiJsonTest {

  private final ObjectMapper base = new ObjectMapper().registerModule(new JavaTimeModule());
  private final ObjectMapper api = ApiJson.configure(base.copy());

  record Sample(String text, Integer number, Boolean flag, Double ratio, Instant at) {}

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2026-11-22T10:00:00Z | 2026-11-22T10:00:00.000Z",
        "2026-11-22T10:00:00.1Z | 2026-11-22T10:00:00.100Z",
        "2026-11-22T10:00:00.123456789Z | 2026-11-22T10:00:00.123Z",
        "1970-01-01T00:00:00Z | 1970-01-01T00:00:00.000Z"
      })
  void writesInstantsWithMilliseconds(String instant, String written) throws Exception {
    assertThat(api.writeValueAsString(Instant.parse(instant))).isEqualTo("\"" + written + "\"");
  }

  @Test
  void writesNullFields() throws Exception {
    assertThat(api.writeValueAsString(new Sample(null, null, null, null, null)))
        .isEqualTo("{\"text\":null,\"number\":null,\"flag\":null,\"ratio\":null,\"at\":null}");
  }

  @Test
  void readsWellTypedValues() throws Exception {
    Sample sample =
        api.readValue(
            "{\"text\":\"a\",\"number\":1,\"flag\":true,\"ratio\":2,\"at\":\"2026-11-22T10:00:00Z\"}",
            Sample.class);
    assertThat(sample)
        .isEqualTo(new Sample("a", 1, true, 2.0, Instant.parse("2026-11-22T10:00:00Z")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"text\": 1}",
        "{\"text\": 1.5}",
        "{\"text\": true}",
        "{\"number\": \"1\"}",
        "{\"number\": \"\"}",
        "{\"number\": 1.5}",
        "{\"number\": true}",
        "{\"ratio\": \"2.0\"}",
        "{\"flag\": \"true\"}",
        "{\"flag\": 1}"
      })
  void refusesCoercions(String json) {
    assertThatThrownBy(() -> api.readValue(json, Sample.class))
        .isInstanceOf(MismatchedInputException.class);
  }

  @Test
  void refusesUnknownFieldsDuplicatesAndTrailingContent() {
    assertThatThrownBy(() -> api.readValue("{\"txt\": \"a\"}", Sample.class))
        .isInstanceOf(UnrecognizedPropertyException.class);
    assertThatThrownBy(() -> api.readValue("{\"text\": \"a\", \"text\": \"b\"}", Sample.class))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("Duplicate field");
    assertThatThrownBy(() -> api.readValue("{\"text\": \"a\"} {}", Sample.class))
        .isInstanceOf(MismatchedInputException.class);
  }

  @Test
  void leavesTheOriginalMapperAlone() throws Exception {
    assertThat(base.readTree("{\"text\": 1, \"unknown\": 2}").size()).isEqualTo(2);
    assertThat(base.readValue("{\"text\": 1}", Sample.class).text()).isEqualTo("1");
  }
}
