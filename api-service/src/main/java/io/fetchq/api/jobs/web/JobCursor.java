package io.fetchq.api.jobs.web;

import io.fetchq.api.jobs.domain.JobId;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The opaque {@code cursor} of job listings: base64url (no padding) of a version byte and the 16
 * bytes of the last listed job's id, 23 characters. Clients must not parse it; the version byte
 * lets its content change without breaking cursors already handed out.
 */
public final class JobCursor {

  private static final byte VERSION = 1;
  private static final int LENGTH = 17;

  private JobCursor() {}

  /** The cursor continuing after {@code last}. */
  public static String encode(JobId last) {
    ByteBuffer bytes = ByteBuffer.allocate(LENGTH);
    bytes.put(VERSION);
    bytes.putLong(last.value().getMostSignificantBits());
    bytes.putLong(last.value().getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  /** The job id {@code cursor} continues after; empty if it is not a cursor this API issued. */
  public static Optional<JobId> decode(String cursor) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException notBase64Url) {
      return Optional.empty();
    }
    if (bytes.length != LENGTH || bytes[0] != VERSION) {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
    return Optional.of(new JobId(new UUID(buffer.getLong(), buffer.getLong())));
  }
}
