package io.fetchq.api.jobs.domain;

import java.util.Arrays;
import java.util.Objects;

/**
 * The body a job sends. {@code submittedAsBase64} remembers whether the client used {@code
 * bodyBase64} (binary) or {@code body} (text), so the job is shown back the way it was submitted.
 */
public record RequestBody(byte[] bytes, boolean submittedAsBase64) {

  public RequestBody {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length > JobRequestRules.MAX_BODY_BYTES) {
      throw new IllegalArgumentException(
          "body exceeds " + JobRequestRules.MAX_BODY_BYTES + " bytes");
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestBody other
        && submittedAsBase64 == other.submittedAsBase64
        && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(bytes) + Boolean.hashCode(submittedAsBase64);
  }

  @Override
  public String toString() {
    return "RequestBody[" + bytes.length + " bytes, base64=" + submittedAsBase64 + "]";
  }
}
