package io.fetchq.api.deadletters.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import io.fetchq.api.deadletters.domain.DeadLetterState;
import io.fetchq.api.web.InvalidFieldsException;
import io.fetchq.api.web.ProblemException;
import io.fetchq.api.web.ProblemType;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParametersTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "limit     | 0",
        "limit     | 201",
        "limit     | -1",
        "limit     | ten",
        "limit     | 1.5",
        "cursor    | garbage",
        "tenantId  | acme",
        "since     | yesterday",
        "since     | 2026-11-22",
        "since     | 2026-11-22T10:00:00",
        "until     | 2026-13-22T10:00:00Z",
        "state     | failed",
        "host      | '   '",
      })
  void aBadParameterIsA400NamingIt(String name, String value) {
    assertThatThrownBy(() -> parse(name, value))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.type()).isEqualTo(ProblemType.BAD_REQUEST);
              assertThat(e.getMessage()).contains("'" + name + "'");
            });
  }

  @Test
  void anEmptyRangeNamesUntil() {
    assertThatThrownBy(
            () ->
                QueryParameters.filter(
                    null, null, null, "2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z", null))
        .hasMessageContaining("'until'");
  }

  @Test
  void defaultsToDeadEntriesFiftyAtATime() {
    DeadLetterFilter filter = QueryParameters.filter(null, null, null, null, null, null);
    assertThat(filter).isEqualTo(DeadLetterFilter.all().withState(DeadLetterState.DEAD));
    assertThat(QueryParameters.limit(null)).isEqualTo(50);
    assertThat(QueryParameters.cursor(null)).isNull();
    assertThat(QueryParameters.filter(null, null, null, null, null, "all").state()).isNull();
    assertThat(QueryParameters.filter(null, null, null, null, null, "replayed").state())
        .isEqualTo(DeadLetterState.REPLAYED);
  }

  @Test
  void acceptsOffsetsAndNormalisesThemToUtc() {
    UUID tenant = UUID.randomUUID();
    DeadLetterFilter filter =
        QueryParameters.filter(
            tenant.toString(),
            "API.example.org",
            "timeout",
            "2026-11-22T12:00:00+02:00",
            null,
            null);
    assertThat(filter.since()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(filter.host()).isEqualTo("api.example.org");
    assertThat(filter.tenant().value()).isEqualTo(tenant);
    assertThat(QueryParameters.limit("200")).isEqualTo(200);
  }

  @Test
  void aBadBodyFilterNamesEachField() {
    FilterBody body = new FilterBody("acme", " ", "", "later", "2026-11-22T10:00:00Z");
    assertThatThrownBy(() -> DeadLetterAdminController.filter(body))
        .isInstanceOfSatisfying(
            InvalidFieldsException.class,
            e ->
                assertThat(e.violations())
                    .extracting(v -> v.pointer())
                    .containsExactlyInAnyOrder(
                        "/filter/tenantId", "/filter/host", "/filter/errorType", "/filter/since"));
  }

  private static Object parse(String name, String value) {
    return switch (name) {
      case "limit" -> QueryParameters.limit(value);
      case "cursor" -> QueryParameters.cursor(value);
      case "tenantId" -> QueryParameters.filter(value, null, null, null, null, null);
      case "host" -> QueryParameters.filter(null, value, null, null, null, null);
      case "since" -> QueryParameters.filter(null, null, null, value, null, null);
      case "until" -> QueryParameters.filter(null, null, null, null, value, null);
      case "state" -> QueryParameters.filter(null, null, null, null, null, value);
      default -> throw new IllegalArgumentException(name);
    };
  }
}
