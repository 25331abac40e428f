package io.fetchq.worker.fetch.http;

import java.io.Serial;
import java.net.UnknownHostException;

/**
 * Thrown by {@link PolicyDnsResolver} when a host is, or resolves only to, refused addresses. An
 * {@link UnknownHostException} because that is what the HTTP client's resolver contract allows.
 */
public final class DestinationRefusedException extends UnknownHostException {

  @Serial private static final long serialVersionUID = 1L;

  /** A host name that resolves only to refused addresses. */
  public DestinationRefusedException(String host) {
    this(host, "resolves only to refused addresses");
  }

  private DestinationRefusedException(String host, String reason) {
    super("destination refused: " + host + " " + reason);
  }

  /** A host that is a numeric address literal (in any spelling) of a refused address. */
  static DestinationRefusedException literal(String host) {
    return new DestinationRefusedException(host, "is a refused address");
  }
}
