package io.fetchq.api.jobs.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.fetchq.api.jobs.domain.JobId;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobCursorTest {

  @Test
  void roundTripsAnIdThroughAnOpaqueUrlSafeText() {
    JobId id = new JobId(UUID.fromString("0190f5c2-1234-7abc-8def-0123456789ab"));

    String cursor = JobCursor.encode(id);

    assertThat(cursor).hasSize(23).matches("[A-Za-z0-9_-]+");
    assertThat(JobCursor.decode(cursor)).contains(id);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x",
        "not a cursor",
        "%%%%",
        "AZD1whI0erzN7wEjRWeJqw",
        "AgGQ9cISNHq8je8BI0VniavA",
        "AgGQ9cISNHq8je8BI0Vnias",
        "0190f5c2-1234-7abc-8def-0123456789ab"
      })
  void refusesTextsItDidNotIssue(String cursor) {
    assertThat(JobCursor.decode(cursor)).isEmpty();
  }
}
