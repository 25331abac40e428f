package io.fetchq.worker.fetch.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response body read up to a cap.
 *
 * @param bytes the body, or its first {@code cap} bytes when truncated
 * @param truncated whether the body had more than {@code cap} bytes
 * @param size the full size when known: the Content-Length, or the bytes read when the body was
 *     read to its end; null when truncated and the Content-Length is unknown
 */
record CappedBody(byte[] bytes, boolean truncated, Long size) {

  static final CappedBody EMPTY = new CappedBody(new byte[0], false, 0L);

  /**
   * Reads at most {@code cap + 1} bytes from {@code in}: enough to know whether the body exceeds
   * the cap without downloading the rest. The caller aborts the connection when truncated.
   *
   * @param contentLength the declared length, or a negative number when unknown
   */
  static CappedBody read(InputStream in, int cap, long contentLength) throws IOException {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(
            (int) Math.min(cap, contentLength >= 0 ? contentLength : 8192) + 1);
    byte[] buffer = new byte[8192];
    long limit = (long) cap + 1;
    long total = 0;
    while (total < limit) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
      if (n < 0) {
        break;
      }
      out.write(buffer, 0, n);
      total += n;
    }
    byte[] read = out.toByteArray();
    if (total > cap) {
      byte[] prefix = new byte[cap];
      System.arraycopy(read, 0, prefix, 0, cap);
      return new CappedBody(prefix, true, contentLength >= 0 ? contentLength : null);
    }
    return new CappedBody(read, false, contentLength >= 0 ? contentLength : total);
  }
}
