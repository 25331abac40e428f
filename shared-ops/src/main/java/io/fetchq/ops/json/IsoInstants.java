package io.fetchq.ops.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.ResolvableDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads the instants of fetchq's own messages without {@code DateTimeFormatter}. Jackson writes an
 * {@link Instant} as {@link Instant#toString()} ({@code 2026-12-05T15:00:00.123456Z}) and reads it
 * back through {@code DateTimeFormatter.ISO_INSTANT}, whose general parser fills and resolves a map
 * of fields for every value: 14.8 % of the worker's CPU samples (JFR) while its retry tiers
 * forwarded a one-host backlog, each forwarded message decoded to read its due time. {@link
 * #module()} wraps whichever {@link Instant} deserializer the mapper has (the JSR-310 module's)
 * with a parser of exactly that form (UTC, {@code Z}, years 0000 to 9999, 0 to 9 fraction digits)
 * and hands everything else, including a value that is malformed or out of range, to the wrapped
 * deserializer, which keeps its own rules and error messages.
 */
public final class IsoInstants {

  private static final long SECONDS_PER_DAY = 86_400;

  private IsoInstants() {}

  /**
   * The module: it wraps the {@link Instant} deserializer the mapper finds (the JSR-310 module's),
   * whatever the order the two modules are registered in.
   */
  public static Module module() {
    SimpleModule module = new SimpleModule("fetchq-iso-instants");
    module.setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public JsonDeserializer<?> modifyDeserializer(
              DeserializationConfig config,
              BeanDescription description,
              JsonDeserializer<?> deserializer) {
            return description.getBeanClass() == Instant.class
                ? new FastInstantDeserializer(deserializer)
                : deserializer;
          }
        });
    return module;
  }

  /**
   * {@code text} as an instant if it is exactly {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} and names a
   * real date and time; {@code null} otherwise (the caller then parses it the general way).
   */
  public static Instant parseOrNull(String text) {
    int length = text.length();
    if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > lengthOfMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return null;
    }
    int nanos = 0;
    if (length > 20) {
      int fractionDigits = length - 21;
      if (text.charAt(19) != '.' || fractionDigits < 1) {
        return null;
      }
      nanos = digits(text, 20, fractionDigits);
      if (nanos < 0) {
        return null;
      }
      for (int i = fractionDigits; i < 9; i++) {
        nanos *= 10;
      }
    }
    long seconds =
        epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** The decimal number in {@code count} characters from {@code from}, or -1 if one is no digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isLeap(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /**
   * Days since 1970-01-01 of a proleptic Gregorian date of a year from 0 to 9999 (the algorithm of
   * {@code LocalDate.toEpochDay} for such years).
   */
  private static long epochDay(int year, int month, int day) {
    long y = year;
    long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    total += (367L * month - 362) / 12;
    total += day - 1;
    if (month > 2) {
      total--;
      if (!isLeap(year)) {
        total--;
      }
    }
    return total - 719_528; // days from 0000-01-01 to 1970-01-01
  }

  /** The fast path in front of the mapper's own {@link Instant} deserializer. */
  private static final class FastInstantDeserializer extends JsonDeserializer<Instant>
      implements ContextualDeserializer, ResolvableDeserializer {

    private final JsonDeserializer<?> general;

    FastInstantDeserializer(JsonDeserializer<?> general) {
      this.general = general;
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.hasToken(JsonToken.VALUE_STRING)) {
        Instant instant = parseOrNull(parser.getText());
        if (instant != null) {
          return instant;
        }
      }
      return (Instant) general.deserialize(parser, context);
    }

    /**
     * A property with its own format ({@code @JsonFormat}) gets the general deserializer as it
     * configures itself for that property, without the fast path; otherwise this one.
     */
    @Override
    public JsonDeserializer<?> createContextual(
        DeserializationContext context, BeanProperty property) throws JsonMappingException {
      if (!(general instanceof ContextualDeserializer contextual)) {
        return this;
      }
      JsonDeserializer<?> configured = contextual.createContextual(context, property);
      return configured == general ? this : configured;
    }

    @Override
    public void resolve(DeserializationContext context) throws JsonMappingException {
      if (general instanceof ResolvableDeserializer resolvable) {
        resolvable.resolve(context);
      }
    }

    @Override
    public Class<?> handledType() {
      return Instant.class;
    }
  }
}
