package io.fetchq.api.jobs.web.validation;

/** Retry delays with defaults applied, checked by {@link DelayRange}. */
public interface DelaySettings {

  /** The delay before the first retry, in milliseconds, default applied. */
  long effectiveInitialDelayMs();

  /** The longest delay between attempts, in milliseconds, default applied. */
  long effectiveMaxDelayMs();
}
