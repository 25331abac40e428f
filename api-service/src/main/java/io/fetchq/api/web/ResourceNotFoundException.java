package io.fetchq.api.web;

/**
 * Raised by a controller when the addressed resource does not exist for the caller's tenant
 * (another tenant's resource included). Answered with a 404 problem.
 */
public final class ResourceNotFoundException extends RuntimeException {

  /**
   * @param detail the client-facing detail, e.g. "No job with id ..."
   */
  public ResourceNotFoundException(String detail) {
    super(detail);
  }
}
