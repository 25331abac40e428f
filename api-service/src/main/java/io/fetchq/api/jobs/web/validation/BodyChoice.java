package io.fetchq.api.jobs.web.validation;

/** A request that may carry a body as text or as base64, checked by {@link SingleBody}. */
public interface BodyChoice {

  /** The text body, or null. */
  String body();

  /** The base64 body, or null. */
  String bodyBase64();
}
