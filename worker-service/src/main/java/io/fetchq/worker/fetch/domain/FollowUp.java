package io.fetchq.worker.fetch.domain;

import io.fetchq.kernel.destinations.UrlHost;
import java.time.Instant;
import java.util.Objects;

/**
 * The message a recorded outcome calls for, published after the outcome is durable: the next
 * attempt of a retrying job, or the dead letter of a failed one. Publishing one twice is harmless:
 * the claim absorbs a duplicate attempt message, and dead-letter consumers key on the job id.
 */
public sealed interface FollowUp {

  /** The job the follow-up is about. */
  JobId jobId();

  /**
   * Asks for attempt {@code attempt} of the job at {@code notBefore} (the next attempt of a
   * retrying job, or a message handed back to a retry tier because it arrived early).
   *
   * @param jobId the job
   * @param tenantId its tenant
   * @param generation the job's replay count
   * @param attempt the attempt to make next
   * @param notBefore when it is due
   * @param host the job URL's host ({@link #hostOf}), the worker's per-host politeness key
   * @param awaitsRoom handed back only because its host had no room: {@code notBefore} is then an
   *     estimate of when it will have, and the attempt may run sooner when there is room
   */
  record Retry(
      JobId jobId,
      TenantId tenantId,
      int generation,
      int attempt,
      Instant notBefore,
      String host,
      boolean awaitsRoom)
      implements FollowUp {

    public Retry {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(notBefore, "notBefore");
      Objects.requireNonNull(host, "host");
      if (attempt < 1) {
        throw new IllegalArgumentException("attempt must be >= 1");
      }
    }

    /** A retry that must not run before {@code notBefore}. */
    public Retry(
        JobId jobId,
        TenantId tenantId,
        int generation,
        int attempt,
        Instant notBefore,
        String host) {
      this(jobId, tenantId, generation, attempt, notBefore, host, false);
    }

    /** The attempt this retry asks for. */
    public AttemptRef ref() {
      return new AttemptRef(jobId, generation, attempt);
    }
  }

  /**
   * Announces that the job failed for good.
   *
   * @param jobId the job
   * @param tenantId its tenant
   * @param generation the job's replay count
   * @param url the URL it fetched
   * @param failedAt when it failed
   * @param lastError why
   */
  record DeadLetter(
      JobId jobId,
      TenantId tenantId,
      int generation,
      String url,
      Instant failedAt,
      JobError lastError)
      implements FollowUp {

    public DeadLetter {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(failedAt, "failedAt");
      Objects.requireNonNull(lastError, "lastError");
    }

    /**
     * The URL's host name, lowercase, without port or IPv6 brackets ({@code dead_letters.host});
     * empty when the URL has none.
     */
    public String host() {
      return hostOf(url);
    }
  }

  /**
   * The host name of {@code url}, lowercase, without port or brackets; empty when none ({@link
   * UrlHost#key}).
   */
  static String hostOf(String url) {
    return UrlHost.key(url);
  }
}
