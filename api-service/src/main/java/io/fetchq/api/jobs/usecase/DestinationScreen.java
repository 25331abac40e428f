package io.fetchq.api.jobs.usecase;

import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.domain.JobRequestRules;
import io.fetchq.kernel.destinations.DestinationPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The submission-time destination check (API.md "Destinations"): a URL whose host is a literal IP
 * address in a refused range is refused at once; host names are checked by the worker when it
 * connects. Reports every refused field of a request, not only the first.
 */
public final class DestinationScreen {

  /** The client-facing reason of every refusal. */
  public static final String REFUSED_REASON = SubmitJob.REFUSED_REASON;

  private final DestinationPolicy policy;

  public DestinationScreen(DestinationPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * The fields of {@code request} ({@code url}, {@code callbackUrl}) whose URL the policy refuses,
   * in that order; empty when both are acceptable.
   *
   * @param urlHost the host of the request's URL ({@link JobRequestRules#hostOf}), which the caller
   *     has already taken for the politeness key
   */
  public List<String> refusedFields(JobRequest request, String urlHost) {
    List<String> refused = new ArrayList<>(2);
    if (!permitsHost(urlHost)) {
      refused.add("url");
    }
    if (request.callbackUrl() != null && !permits(request.callbackUrl())) {
      refused.add("callbackUrl");
    }
    return refused;
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
