package io.fetchq.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Arrays;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.lang.Nullable;

/**
 * Spring MVC's Jackson converter, with a {@code Content-Length} on every JSON response of at most
 * {@code bufferLimit} bytes.
 *
 * <p>Jackson's converter flushes its generator into the servlet response before the handler
 * returns, so the container has to commit the response without a length: chunked transfer coding,
 * and a second socket write at the end of the request for the last chunk. Here the body is
 * serialized into memory first; a response that fits is sent with its length in one write. A larger
 * one (a job with a big stored result, a long page) stops being buffered once it passes the limit
 * and streams as before, so no response holds more than {@code bufferLimit} bytes in memory.
 */
public final class SizedJsonHttpMessageConverter extends MappingJackson2HttpMessageConverter {

  private static final int INITIAL_BUFFER = 1024;

  private final int bufferLimit;

  /**
   * @param objectMapper the mapper of the API's JSON dialect
   * @param bufferLimit the largest body sent with a {@code Content-Length}; larger ones stream
   */
  public SizedJsonHttpMessageConverter(ObjectMapper objectMapper, int bufferLimit) {
    super(objectMapper);
    if (bufferLimit < 1) {
      throw new IllegalArgumentException("bufferLimit must be positive");
    }
    this.bufferLimit = bufferLimit;
  }

  @Override
  protected void writeInternal(Object object, @Nullable Type type, HttpOutputMessage outputMessage)
      throws IOException {
    SpillingBody body = new SpillingBody(outputMessage, bufferLimit);
    super.writeInternal(
        object,
        type,
        new HttpOutputMessage() {
          @Override
          public OutputStream getBody() {
            return body;
          }

          @Override
          public HttpHeaders getHeaders() {
            return outputMessage.getHeaders();
          }
        });
    body.finish();
  }

  /**
   * Collects the body in memory up to the limit; past it, writes what it holds to the response and
   * passes everything after it straight through.
   */
  private static final class SpillingBody extends OutputStream {

    private final HttpOutputMessage target;
    private final int limit;
    private byte[] buffer = new byte[INITIAL_BUFFER];
    private int size;
    private OutputStream spilled;

    SpillingBody(HttpOutputMessage target, int limit) {
      this.target = target;
      this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (spilled == null && size + length > limit) {
        spilled = target.getBody();
        spilled.write(buffer, 0, size);
        buffer = null;
      }
      if (spilled != null) {
        spilled.write(bytes, offset, length);
        return;
      }
      if (size + length > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(limit, Math.max(size + length, buffer.length * 2)));
      }
      System.arraycopy(bytes, offset, buffer, size, length);
      size += length;
    }

    /** The generator's flush: nothing to do while buffering (the whole point). */
    @Override
    public void flush() throws IOException {
      if (spilled != null) {
        spilled.flush();
      }
    }

    /** Sends a buffered body with its length; a spilled one is already on its way. */
    void finish() throws IOException {
      if (spilled == null) {
        target.getHeaders().setContentLength(size);
        target.getBody().write(buffer, 0, size);
      }
    }
  }
}
