package io.fetchq.standalone.preflight;

/**
 * A pre-flight check failed. The message is one sentence for the person starting fetchq: what is
 * missing, where, and how to fix it. It is printed as is, without a stack trace.
 */
public final class PreflightException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message the sentence shown to the operator
   */
  public PreflightException(String message) {
    super(message, null, false, false);
  }
}
