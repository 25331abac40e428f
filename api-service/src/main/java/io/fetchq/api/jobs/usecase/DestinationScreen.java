package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.JobRequestRules;
import io.fetchq.kernel.destinations.DestinationPolicy;
import java.util.Objects;

/**
 * The submission-time destination check (API.md "Destinations"): a URL whose host is a literal IP
 * address in a refused range is refused at once; host names are checked by the worker when it
 * connects.
 */
public final class DestinationScreen {

  /** The client-facing reason of every refusal. */
  public static final String REFUSED_REASON = SubmitJob.REFUSED_REASON;

  private final DestinationPolicy policy;

  public DestinationScreen(DestinationPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * Whether the policy accepts {@code host}, the host of a URL ({@link JobRequestRules#hostOf}).
   */
  public boolean permitsHost(String host) {
    return policy.permitsHost(host);
  }

  /** Whether the policy accepts {@code url}, which passed {@link JobRequestRules#urlViolation}. */
  public boolean permits(String url) {
    return policy.permitsHost(JobRequestRules.hostOf(url));
  }
}
