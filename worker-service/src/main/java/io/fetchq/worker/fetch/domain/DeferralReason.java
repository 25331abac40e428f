package io.fetchq.worker.fetch.domain;

import java.util.Locale;

/** Why a claimed attempt was handed back without being fetched. */
public enum DeferralReason {
  /** The target host's circuit breaker does not permit a call. */
  BREAKER_OPEN,
  /** The target host is at its concurrency limit and its waiting queue is full. */
  HOST_BUSY;

  /** The name used in metrics and logs. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
