package io.fetchq.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 413 to request bodies over the limit before anything parses them: {@code /api/v1/batches}
 * may send up to the batch limit, everything else up to the job limit. A declared {@code
 * Content-Length} over the limit is refused at once; a body without one (chunked) is counted while
 * it is read, and reading fails as soon as it passes the limit.
 */
public final class RequestSizeLimitFilter extends OncePerRequestFilter {

  /** The path prefix of the batch endpoints, which get the larger limit. */
  public static final String BATCHES_PATH = "/api/v1/batches";

  private static final Logger log = LoggerFactory.getLogger(RequestSizeLimitFilter.class);

  private final long defaultLimitBytes;
  private final long batchesLimitBytes;
  private final ProblemWriter problems;

  public RequestSizeLimitFilter(
      long defaultLimitBytes, long batchesLimitBytes, ProblemWriter problems) {
    this.defaultLimitBytes = defaultLimitBytes;
    this.batchesLimitBytes = batchesLimitBytes;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long limit = limitFor(request);
    if (request.getContentLengthLong() > limit) {
      reject(request, response, limit);
      return;
    }
    try {
      chain.doFilter(new LimitedRequest(request, limit), response);
    } catch (PayloadTooLargeException e) {
      if (response.isCommitted()) {
        throw e;
      }
      response.reset();
      reject(request, response, limit);
    }
  }

  long limitFor(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean batches = path.equals(BATCHES_PATH) || path.startsWith(BATCHES_PATH + "/");
    return batches ? batchesLimitBytes : defaultLimitBytes;
  }

  private void reject(HttpServletRequest request, HttpServletResponse response, long limit)
      throws IOException {
    log.warn(
        "request rejected status=413 method={} path={} limitBytes={}",
        request.getMethod(),
        request.getRequestURI(),
        limit);
    problems.write(response, tooLarge(limit));
  }

  /** The 413 problem for a body over {@code limitBytes}. */
  public static ProblemDetail tooLarge(long limitBytes) {
    return Problems.problem(
        ProblemType.PAYLOAD_TOO_LARGE,
        "The request body exceeds the limit of " + limitBytes + " bytes.");
  }

  /** Hands out an input stream that fails once more than {@code limit} bytes were read. */
  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;
    private BufferedReader reader;

    LimitedRequest(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedInputStream(super.getInputStream(), limit);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      if (reader == null) {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
      }
      return reader;
    }
  }

  /** Counts bytes as they are read and throws {@link PayloadTooLargeException} past the limit. */
  static final class LimitedInputStream extends ServletInputStream {
    private final ServletInputStream delegate;
    private final long limit;
    private long count;

    LimitedInputStream(ServletInputStream delegate, long limit) {
      this.delegate = delegate;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = delegate.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = delegate.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return delegate.available();
    }

    @Override
    public boolean isFinished() {
      return delegate.isFinished();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      delegate.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }

    private void count(int n) throws PayloadTooLargeException {
      count += n;
      if (count > limit) {
        throw new PayloadTooLargeException(limit);
      }
    }
  }
}
