package io.fetchq.standalone.kafka;

/**
 * The embedded broker could not start. The message is one sentence meant for the person starting
 * fetchq: what went wrong and what to do about it.
 */
public final class BrokerStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message the sentence shown to the operator
   * @param cause the underlying failure, or {@code null}
   */
  public BrokerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
