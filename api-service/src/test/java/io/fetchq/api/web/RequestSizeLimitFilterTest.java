package io.fetchq.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestSizeLimitFilterTest {

  private final RequestSizeLimitFilter filter =
      new RequestSizeLimitFilter(10, 20, new ProblemWriter());

  @Test
  void appliesTheBatchLimitOnlyToBatches() {
    assertThat(filter.limitFor(request("/api/v1/jobs"))).isEqualTo(10);
    assertThat(filter.limitFor(request("/api/v1/batches"))).isEqualTo(20);
    assertThat(filter.limitFor(request("/api/v1/batches/abc/jobs"))).isEqualTo(20);
    assertThat(filter.limitFor(request("/api/v1/batchesx"))).isEqualTo(10);
    MockHttpServletRequest withContext = new MockHttpServletRequest("POST", "/app/api/v1/batches");
    withContext.setContextPath("/app");
    assertThat(filter.limitFor(withContext)).isEqualTo(20);
  }

  @Test
  void refusesDeclaredLengthOverTheLimitWithoutCallingTheChain() throws Exception {
    MockHttpServletRequest request = request("/api/v1/jobs");
    request.setContent(new byte[11]);
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();

    filter.doFilter(request, response, chain);

    assertThat(chain.getRequest()).isNull();
    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    assertThat(response.getContentAsString())
        .contains("https://fetchq.io/problems/payload-too-large")
        .contains("10 bytes");
  }

  @Test
  void refusesUndeclaredLengthOnceTheLimitIsPassed() throws Exception {
    MockHttpServletRequest request = chunked("/api/v1/jobs", new byte[11]);
    MockHttpServletResponse response = new MockHttpServletResponse();

    filter.doFilter(
        request,
        response,
        (req, res) -> {
          ((HttpServletRequest) req).getInputStream().readAllBytes();
        });

    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentAsString()).contains("payload-too-large");
  }

  @Test
  void passesBodiesWithinTheLimit() throws Exception {
    MockHttpServletRequest request =
        chunked("/api/v1/batches", "0123456789abcdefghij".getBytes(StandardCharsets.UTF_8));
    AtomicReference<String> read = new AtomicReference<>();

    filter.doFilter(
        request,
        new MockHttpServletResponse(),
        (req, res) -> {
          BufferedReader reader = ((HttpServletRequest) req).getReader();
          read.set(reader.readLine());
          assertThat(((HttpServletRequest) req).getReader()).isSameAs(reader);
        });

    assertThat(read.get()).isEqualTo("0123456789abcdefghij");
  }

  @Test
  void countsSingleBytesAndDelegatesStreamState() throws IOException {
    FakeStream source = new FakeStream(new byte[] {1, 2, 3});
    RequestSizeLimitFilter.LimitedInputStream limited =
        new RequestSizeLimitFilter.LimitedInputStream(source, 2);

    assertThat(limited.read()).isEqualTo(1);
    assertThat(limited.available()).isEqualTo(2);
    assertThat(limited.isReady()).isTrue();
    assertThat(limited.isFinished()).isFalse();
    limited.setReadListener(null);
    assertThat(limited.read()).isEqualTo(2);
    assertThatThrownBy(limited::read)
        .isInstanceOf(PayloadTooLargeException.class)
        .satisfies(e -> assertThat(((PayloadTooLargeException) e).limitBytes()).isEqualTo(2));
    limited.close();
    assertThat(source.closed).isTrue();
  }

  @Test
  void rethrowsWhenTheAnswerAlreadyStarted() {
    MockHttpServletRequest request = chunked("/api/v1/jobs", new byte[11]);
    MockHttpServletResponse response = new MockHttpServletResponse();

    assertThatThrownBy(
            () ->
                filter.doFilter(
                    request,
                    response,
                    (req, res) -> {
                      res.flushBuffer();
                      ((HttpServletRequest) req).getInputStream().readAllBytes();
                    }))
        .isInstanceOf(PayloadTooLargeException.class);
  }

  private static MockHttpServletRequest request(String uri) {
    return new MockHttpServletRequest("POST", uri);
  }

  private static MockHttpServletRequest chunked(String uri, byte[] body) {
    MockHttpServletRequest request =
        new MockHttpServletRequest("POST", uri) {
          @Override
          public int getContentLength() {
            return -1;
          }

          @Override
          public long getContentLengthLong() {
            return -1;
          }
        };
    request.setContent(body);
    return request;
  }

  private static final class FakeStream extends ServletInputStream {
    private final InputStream bytes;
    boolean closed;

    FakeStream(byte[] content) {
      this.bytes = new java.io.ByteArrayInputStream(content);
    }

    @Override
    public int read() throws IOException {
      return bytes.read();
    }

    @Override
    public int available() throws IOException {
      return bytes.available();
    }

    @Override
    public boolean isFinished() {
      return false;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {}

    @Override
    public void close() {
      closed = true;
    }
  }
}
