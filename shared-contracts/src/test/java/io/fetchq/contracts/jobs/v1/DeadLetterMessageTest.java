package io.fetchq.contracts.jobs.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeadLetterMessageTest {

  private static final UUID ID = UUID.fromString("0190f3a2-7b1c-7cc0-8000-000000000001");
  private static final Instant AT = Instant.parse("2026-11-22T10:00:00.123Z");

  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @Test
  void carriesTheFullAttemptHistoryThroughJson() throws Exception {
    List<AttemptRecord> history =
        List.of(
            new AttemptRecord(1, AT, 120, "retryable_error", 503, "http_status", "503"),
            new AttemptRecord(
                2, AT.plusSeconds(1), 10_000, "retryable_error", null, "timeout", "t"),
            new AttemptRecord(3, AT.plusSeconds(3), 80, "failed", 503, "http_status", "503"));
    DeadLetterMessage message =
        new DeadLetterMessage(
            ID, ID, ID, 0, "https://example.org/", AT, "http_status", "503", history);
    String text = json.writeValueAsString(message);
    assertThat(json.readValue(text, DeadLetterMessage.class)).isEqualTo(message);
    assertThat(text).contains("\"outcome\":\"retryable_error\"").contains("\"statusCode\":null");
  }

  @Test
  void copiesTheHistory() {
    List<AttemptRecord> history = new ArrayList<>();
    history.add(new AttemptRecord(1, AT, 1, "failed", null, "dns", "no such host"));
    DeadLetterMessage message =
        new DeadLetterMessage(ID, ID, ID, 1, "https://x.example/", AT, "dns", "m", history);
    history.clear();
    assertThat(message.attempts()).hasSize(1);
  }

  @Test
  void refusesMissingRequiredFields() {
    assertThatThrownBy(() -> new DeadLetterMessage(ID, ID, ID, 0, null, AT, "dns", "m", List.of()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new DeadLetterMessage(ID, ID, ID, 0, "u", AT, null, "m", List.of()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new AttemptRecord(1, null, 1, "failed", null, null, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new AttemptRecord(1, AT, 1, null, null, null, null))
        .isInstanceOf(NullPointerException.class);
  }
}
