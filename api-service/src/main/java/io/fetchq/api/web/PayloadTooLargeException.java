package io.fetchq.api.web;

import java.io.IOException;

/** The request body grew past the limit while being read (chunked bodies have no length). */
public final class PayloadTooLargeException extends IOException {

  private final long limitBytes;

  public PayloadTooLargeException(long limitBytes) {
    super("request body exceeds " + limitBytes + " bytes");
    this.limitBytes = limitBytes;
  }

  /** The limit that was exceeded, in bytes. */
  public long limitBytes() {
    return limitBytes;
  }
}
