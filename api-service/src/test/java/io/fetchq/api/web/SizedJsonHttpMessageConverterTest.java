package io.fetchq.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

class SizedJsonHttpMessageConverterTest {

  private final ObjectMapper api =
      ApiJson.configure(new ObjectMapper().registerModule(new JavaTimeModule()));

  record Item(String name, Instant at, Map<String, String> tags) {}

  private static final Item SMALL =
      new Item("small \"quoted\" é", Instant.parse("2026-12-05T10:00:00.123Z"), Map.of("k", "v"));

  @Test
  void sendsASmallBodyWithItsLengthBeforeTheBodyIsOpened() throws IOException {
    RecordingMessage message = new RecordingMessage();

    new SizedJsonHttpMessageConverter(api, 64 * 1024)
        .write(SMALL, MediaType.APPLICATION_JSON, message);

    byte[] expected = plain(SMALL, null);
    assertThat(message.body.toByteArray()).isEqualTo(expected);
    assertThat(message.headersWhenOpened.getContentLength()).isEqualTo(expected.length);
    assertThat(message.headersWhenOpened.getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
    assertThat(message.writes).as("one write of the whole body").isEqualTo(1);
    assertThat(message.flushesBeforeLastWrite).isZero();
  }

  @Test
  void streamsABodyLargerThanTheLimitWithoutALength() throws IOException {
    Item large = new Item("x".repeat(100_000), SMALL.at(), Map.of());
    RecordingMessage message = new RecordingMessage();

    new SizedJsonHttpMessageConverter(api, 4096).write(large, MediaType.APPLICATION_JSON, message);

    assertThat(message.body.toByteArray()).isEqualTo(plain(large, null));
    assertThat(message.headersWhenOpened.getContentLength()).isEqualTo(-1);
    assertThat(message.headersWhenOpened.containsKey(HttpHeaders.CONTENT_LENGTH)).isFalse();
    assertThat(message.writes).as("what was buffered, then the rest as it comes").isGreaterThan(1);
  }

  @Test
  void theLimitIsTheLargestBodySentWithALength() throws IOException {
    int length = plain(SMALL, null).length;

    RecordingMessage atLimit = new RecordingMessage();
    new SizedJsonHttpMessageConverter(api, length)
        .write(SMALL, MediaType.APPLICATION_JSON, atLimit);
    RecordingMessage overLimit = new RecordingMessage();
    new SizedJsonHttpMessageConverter(api, length - 1)
        .write(SMALL, MediaType.APPLICATION_JSON, overLimit);

    assertThat(atLimit.headersWhenOpened.getContentLength()).isEqualTo(length);
    assertThat(overLimit.headersWhenOpened.getContentLength()).isEqualTo(-1);
    assertThat(overLimit.body.toByteArray()).isEqualTo(atLimit.body.toByteArray());
  }

  @Test
  void writesGenericValuesAsJacksonsConverterDoes() throws IOException {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      items.add(new Item("item " + i, SMALL.at().plusSeconds(i), Map.of("i", "" + i)));
    }
    Type type = new TypeReference<List<Item>>() {}.getType();

    for (int limit : new int[] {1, 100, 1000, 1_000_000}) {
      RecordingMessage message = new RecordingMessage();
      new SizedJsonHttpMessageConverter(api, limit)
          .write(items, type, MediaType.APPLICATION_JSON, message);
      assertThat(message.body.toByteArray()).as("limit %d", limit).isEqualTo(plain(items, type));
    }
  }

  @Test
  void refusesANonPositiveLimit() {
    assertThatThrownBy(() -> new SizedJsonHttpMessageConverter(api, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private byte[] plain(Object value, Type type) throws IOException {
    RecordingMessage message = new RecordingMessage();
    new MappingJackson2HttpMessageConverter(api)
        .write(value, type, MediaType.APPLICATION_JSON, message);
    return message.body.toByteArray();
  }

  /**
   * An output message like Spring's servlet response: its headers are sent when its body is first
   * opened (so they are recorded then), and it counts writes and flushes.
   */
  private static final class RecordingMessage implements HttpOutputMessage {
    private final HttpHeaders headers = new HttpHeaders();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private HttpHeaders headersWhenOpened;
    private int writes;
    private int flushes;
    private int flushesBeforeLastWrite;

    @Override
    public HttpHeaders getHeaders() {
      return headersWhenOpened == null ? headers : HttpHeaders.readOnlyHttpHeaders(headers);
    }

    @Override
    public OutputStream getBody() {
      if (headersWhenOpened == null) {
        headersWhenOpened = new HttpHeaders();
        headersWhenOpened.putAll(headers);
      }
      return new OutputStream() {
        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
          writes++;
          flushesBeforeLastWrite = flushes;
          body.write(bytes, offset, length);
        }

        @Override
        public void flush() {
          flushes++;
        }
      };
    }
  }
}
