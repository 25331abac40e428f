package io.fetchq.worker.fetch.domain;

import java.util.Locale;

/** Why an attempt produced no final response; the wire name is {@code lastError.type}. */
public enum ErrorType {
  /** No complete response within the job's timeout. */
  TIMEOUT(true),
  /** The connection could not be established (refused, reset, unreachable). */
  CONNECT(true),
  /** The host name does not resolve. */
  DNS(false),
  /** The TLS handshake failed (invalid certificate, protocol mismatch). */
  TLS(false),
  /** The host resolves only to addresses fetchq refuses to connect to. */
  DESTINATION_REFUSED(false),
  /** The response exceeded a hard limit. */
  TOO_LARGE(false),
  /** More redirects than fetchq follows (5) for one attempt. */
  TOO_MANY_REDIRECTS(false),
  /** Any other I/O failure while exchanging the request. */
  IO(true);

  private final boolean retryable;

  ErrorType(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether another attempt may succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** The lowercase form stored in {@code jobs.last_error_type} and shown by the API. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
