package io.fetchq.api.jobs.usecase;

/**
 * What the API's job use cases report for metrics, after their transaction committed.
 * Implementations must be cheap and never throw.
 */
public interface JobMetrics {

  /** Where submitted jobs came from. */
  enum Source {
    /** {@code POST /api/v1/jobs} */
    JOB,
    /** {@code POST /api/v1/batches} */
    BATCH
  }

  /** {@code jobs} new jobs were accepted (stored and enqueued). */
  void accepted(Source source, int jobs);

  /** A submission with a known idempotency key answered its {@code jobs} existing jobs again. */
  void replayed(Source source, int jobs);

  /** A job was cancelled: its transition to {@code cancelled} committed. */
  void cancelled();

  /** Reports nothing. */
  JobMetrics NONE =
      new JobMetrics() {
        @Override
        public void accepted(Source source, int jobs) {}

        @Override
        public void replayed(Source source, int jobs) {}

        @Override
        public void cancelled() {}
      };
}
