package io.fetchq.kernel.jobs;

import java.util.Locale;

/**
 * The life cycle of a fetch job. The wire form ({@link #wireName()}) is the lowercase name used in
 * the API, in the database and in messages.
 *
 * <pre>
 * queued ──► running ──► completed
 *   │  ▲        │  ╲
 *   │  │        │   ╲──► failed ──► queued (dead-letter replay)
 *   │  │        ▼
 *   │  └──── retrying
 *   ▼           │
 * cancelled ◄───┘
 * </pre>
 */
public enum JobStatus {
  QUEUED,
  RUNNING,
  RETRYING,
  COMPLETED,
  FAILED,
  CANCELLED;

  /** Whether no further transition can happen without an operator action. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** Whether a client may still cancel a job in this state. */
  public boolean isCancellable() {
    return this == QUEUED || this == RETRYING;
  }

  /** Whether a job in this state may be moved to {@code next}. */
  public boolean canTransitionTo(JobStatus next) {
    return switch (this) {
      case QUEUED -> next == RUNNING || next == CANCELLED;
      case RUNNING -> next == COMPLETED || next == FAILED || next == RETRYING;
      case RETRYING -> next == RUNNING || next == CANCELLED;
      case FAILED -> next == QUEUED;
      case COMPLETED, CANCELLED -> false;
    };
  }

  /** The lowercase form used on the wire and in the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the wire form.
   *
   * @throws IllegalArgumentException if {@code value} names no status
   */
  public static JobStatus fromWire(String value) {
    for (JobStatus status : values()) {
      if (status.wireName().equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown job status: " + value);
  }
}
