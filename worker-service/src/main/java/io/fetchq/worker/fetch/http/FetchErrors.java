package io.fetchq.worker.fetch.http;

import io.fetchq.worker.fetch.domain.ErrorType;
import io.fetchq.worker.fetch.domain.FetchError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/** Classifies what went wrong in an exchange; messages never carry header values or bodies. */
final class FetchErrors {

  private FetchErrors() {}

  /**
   * @param failure what the client threw
   * @param deadlineExpired whether the job's deadline fired (the request was cancelled)
   * @param timeout the job's timeout, for the message
   * @param host the URL host, for the message
   */
  static FetchError classify(
      Throwable failure, boolean deadlineExpired, Duration timeout, String host) {
    if (deadlineExpired) {
      return new FetchError(
          ErrorType.TIMEOUT, "no complete response within " + timeout.toMillis() + " ms");
    }
    if (find(failure, DestinationRefusedException.class) instanceof DestinationRefusedException e) {
      return new FetchError(ErrorType.DESTINATION_REFUSED, e.getMessage());
    }
    if (find(failure, UnknownHostException.class) != null) {
      return new FetchError(ErrorType.DNS, "host name could not be resolved: " + host);
    }
    if (find(failure, SSLException.class) instanceof SSLException e) {
      return new FetchError(ErrorType.TLS, "TLS failure: " + describe(e));
    }
    if (find(failure, ConnectTimeoutException.class) != null) {
      return new FetchError(ErrorType.TIMEOUT, "connect timed out to " + host);
    }
    if (find(failure, SocketTimeoutException.class) != null) {
      return new FetchError(
          ErrorType.TIMEOUT, "no response data within " + timeout.toMillis() + " ms");
    }
    if (find(failure, ConnectException.class) instanceof ConnectException e) {
      return new FetchError(ErrorType.CONNECT, "could not connect: " + describe(e));
    }
    if (find(failure, NoRouteToHostException.class) != null
        || find(failure, PortUnreachableException.class) != null) {
      return new FetchError(ErrorType.CONNECT, "could not connect: no route to " + host);
    }
    if (failure instanceof IOException) {
      return new FetchError(ErrorType.IO, "I/O error: " + describe(failure));
    }
    return new FetchError(ErrorType.IO, "request failed: " + describe(failure));
  }

  private static Throwable find(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank()
        ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + message;
  }
}
