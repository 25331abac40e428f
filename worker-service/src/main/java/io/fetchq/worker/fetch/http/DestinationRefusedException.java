package io.fetchq.worker.fetch.http;

import java.io.Serial;
import java.net.UnknownHostException;

/**
 * Thrown by {@link PolicyDnsResolver} when a host resolves only to refused addresses. An {@link
 * UnknownHostException} because that is what the HTTP client's resolver contract allows.
 */
public final class DestinationRefusedException extends UnknownHostException {

  @Serial private static final long serialVersionUID = 1L;

  public DestinationRefusedException(String host) {
    super("destination refused: " + host + " resolves only to refused addresses");
  }
}
