package io.fetchq.contracts.jobs.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FetchJobMessageTest {

  private static final UUID ID = UUID.fromString("0190f3a2-7b1c-7cc0-8000-000000000001");
  private static final Instant AT = Instant.parse("2026-11-22T10:00:00.123Z");

  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @Test
  void roundTripsThroughJsonWithIsoInstants() throws Exception {
    FetchJobMessage message = new FetchJobMessage(ID, ID, ID, 3, AT, 0, null, "example.com");
    String text = json.writeValueAsString(message);
    assertThat(text)
        .contains("\"enqueuedAt\":\"2026-11-22T10:00:00.123Z\"")
        .contains("\"attempt\":3")
        .contains("\"host\":\"example.com\"");
    assertThat(json.readValue(text, FetchJobMessage.class)).isEqualTo(message);
  }

  @Test
  void readsTheDocumentedVersionOneShape() throws Exception {
    String v1 =
        """
        {"messageId":"0190f3a2-7b1c-7cc0-8000-000000000001",
         "jobId":"0190f3a2-7b1c-7cc0-8000-000000000001",
         "tenantId":"00000000-0000-0000-0000-000000000001",
         "attempt":1,"enqueuedAt":"2026-11-22T10:00:00.123Z"}
        """;
    FetchJobMessage message = json.readValue(v1, FetchJobMessage.class);
    assertThat(message.attempt()).isEqualTo(1);
    assertThat(message.tenantId())
        .isEqualTo(UUID.fromString("00000000-0000-0000-0000-000000000001"));
  }

  @Test
  void readsVersionOneMessagesWrittenBeforeGenerationAndNotBeforeExisted() throws Exception {
    String old =
        """
        {"messageId":"0190f3a2-7b1c-7cc0-8000-000000000001",
         "jobId":"0190f3a2-7b1c-7cc0-8000-000000000001",
         "tenantId":"00000000-0000-0000-0000-000000000001",
         "attempt":2,"enqueuedAt":"2026-11-22T10:00:00.123Z"}
        """;
    FetchJobMessage message = json.readValue(old, FetchJobMessage.class);
    assertThat(message.generation()).isZero();
    assertThat(message.notBefore()).isNull();
    assertThat(message.host()).isNull();
  }

  @Test
  void firstAttemptIsGenerationZeroAndDueAtOnce() {
    FetchJobMessage first = FetchJobMessage.firstAttempt(ID, ID, ID, AT, "example.com");
    assertThat(first.attempt()).isEqualTo(1);
    assertThat(first.generation()).isZero();
    assertThat(first.notBefore()).isNull();
    assertThat(first.host()).isEqualTo("example.com");
  }

  @Test
  void refusesMissingIdsAndNonPositiveAttempts() {
    assertThatThrownBy(() -> new FetchJobMessage(null, ID, ID, 1, AT, 0, null, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new FetchJobMessage(ID, null, ID, 1, AT, 0, null, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new FetchJobMessage(ID, ID, null, 1, AT, 0, null, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new FetchJobMessage(ID, ID, ID, 1, null, 0, null, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new FetchJobMessage(ID, ID, ID, 0, AT, 0, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FetchJobMessage(ID, ID, ID, 1, AT, -1, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
