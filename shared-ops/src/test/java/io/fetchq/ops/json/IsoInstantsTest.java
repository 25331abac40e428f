package io.fetchq.ops.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

  private final ObjectMapper general = new ObjectMapper().registerModule(new JavaTimeModule());
  private final ObjectMapper fast =
      new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(IsoInstants.module());

  record Message(Instant at, List<Instant> more) {}

  record Formatted(@JsonFormat(pattern = "yyyy-MM-dd HH:mm", timezone = "UTC") Instant at) {}

  @Test
  void readsWhatInstantToStringWritesAsInstantParseDoes() {
    SplittableRandom random = new SplittableRandom(20261205);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(1_000_000_000));
      Instant written =
          switch (i % 4) {
            case 0 -> instant;
            case 1 -> instant.truncatedTo(ChronoUnit.MICROS);
            case 2 -> instant.truncatedTo(ChronoUnit.MILLIS);
            default -> instant.truncatedTo(ChronoUnit.SECONDS);
          };
      String text = written.toString();
      assertThat(IsoInstants.parseOrNull(text)).as(text).isEqualTo(written);
    }
  }

  @Test
  void readsTheEdgesOfTheCalendar() {
    for (String text :
        List.of(
            "0000-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999999999Z",
            "2000-02-29T12:00:00Z",
            "2024-02-29T23:59:59.5Z",
            "1900-03-01T00:00:00Z",
            "2026-12-05T15:00:00.1Z",
            "2026-12-05T15:00:00.12345678Z",
            "9999-12-31T23:59:59.999999999Z")) {
      assertThat(IsoInstants.parseOrNull(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  void leavesEveryOtherFormToTheGeneralParser() {
    for (String text :
        List.of(
            "2026-12-05T15:00:00",
            "2026-12-05T15:00:00z",
            "2026-12-05T15:00:00+01:00",
            "2026-12-05T15:00Z",
            "2026-12-05T15:00:00.Z",
            "2026-12-05T15:00:00.1234567890Z",
            "2026-12-05 15:00:00Z",
            "2026/12/05T15:00:00Z",
            "+10000-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z",
            "2026-13-05T15:00:00Z",
            "2026-00-05T15:00:00Z",
            "2026-02-29T15:00:00Z",
            "1900-02-29T15:00:00Z",
            "2026-04-31T15:00:00Z",
            "2026-12-00T15:00:00Z",
            "2026-12-05T24:00:00Z",
            "2026-12-05T15:60:00Z",
            "2026-12-05T23:59:60Z",
            "2026-12-05T15:00:0xZ",
            "2026-12-05T15:00:00.1x3Z",
            " 2026-12-05T15:00:00Z",
            "")) {
      assertThat(IsoInstants.parseOrNull(text)).as(text).isNull();
    }
  }

  @Test
  void aMapperWithTheModuleReadsMessagesAsTheJsr310ModuleAlone() throws Exception {
    String json =
        """
        {"at": "2026-12-05T15:00:00.123456Z",
         "more": ["2026-12-05T15:00:00Z", "2026-12-05T16:00:00+01:00", 1764946800.5, "2024-02-29T00:00:00z"]}
        """;

    Message read = fast.readValue(json, Message.class);

    assertThat(read).isEqualTo(general.readValue(json, Message.class));
    assertThat(read.at()).isEqualTo(Instant.parse("2026-12-05T15:00:00.123456Z"));
    assertThat(read.more()).hasSize(4);
  }

  @Test
  void aMalformedInstantFailsAsItDoesWithoutTheModule() {
    String json = "{\"at\": \"2026-02-30T15:00:00Z\", \"more\": []}";

    assertThatThrownBy(() -> general.readValue(json, Message.class))
        .isInstanceOf(InvalidFormatException.class);
    assertThatThrownBy(() -> fast.readValue(json, Message.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("2026-02-30T15:00:00Z");
  }

  @Test
  void aPropertyWithItsOwnFormatKeepsIt() throws Exception {
    String json = "{\"at\": \"2026-12-05 15:30\"}";

    assertThat(fast.readValue(json, Formatted.class).at())
        .isEqualTo(Instant.parse("2026-12-05T15:30:00Z"));
  }

  @Test
  void theMapperUsesTheFastPathForInstants() throws Exception {
    DefaultDeserializationContext context =
        ((DefaultDeserializationContext) fast.getDeserializationContext())
            .createDummyInstance(fast.getDeserializationConfig());

    JsonDeserializer<Object> deserializer =
        context.findRootValueDeserializer(fast.constructType(Instant.class));

    assertThat(deserializer.getClass().getSimpleName()).isEqualTo("FastInstantDeserializer");
    BeanDeserializerBase message =
        (BeanDeserializerBase) context.findRootValueDeserializer(fast.constructType(Message.class));
    assertThat(message.findProperty("at").getValueDeserializer().getClass().getSimpleName())
        .as("a record component's, configured for its property")
        .isEqualTo("FastInstantDeserializer");
  }
}
