package io.fetchq.api.batches.web;

import io.fetchq.api.jobs.domain.JobRequestRules;
import io.fetchq.api.jobs.usecase.DestinationScreen;
import io.fetchq.api.jobs.web.SubmitJobRequest;
import io.fetchq.api.web.FieldViolation;
import io.fetchq.api.web.JsonPointers;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every reason a batch request is refused, in one list: the Bean Validation violations of the batch
 * and of each job (the same constraints as {@code POST /api/v1/jobs}), and the URLs whose host is a
 * literal IP address the destination policy refuses, so a client fixes a batch in one round trip.
 * The use case screens destinations again; this only makes the 422 complete.
 */
public final class BatchRequestViolations {

  private final Validator validator;
  private final DestinationScreen destinations;

  public BatchRequestViolations(Validator validator, DestinationScreen destinations) {
    this.validator = Objects.requireNonNull(validator, "validator");
    this.destinations = Objects.requireNonNull(destinations, "destinations");
  }

  /** The violations of {@code request} with JSON pointers ({@code /jobs/17/url}); empty if none. */
  public List<FieldViolation> of(SubmitBatchRequest request) {
    List<FieldViolation> violations = new ArrayList<>();
    validator
        .validate(request)
        .forEach(
            v ->
                violations.add(
                    new FieldViolation(
                        JsonPointers.fromConstraintPath(v.getPropertyPath()), v.getMessage())));
    List<SubmitJobRequest> jobs = request.jobs() == null ? List.of() : request.jobs();
    for (int i = 0; i < jobs.size(); i++) {
      SubmitJobRequest job = jobs.get(i);
      if (job != null) {
        screen(List.of("jobs", Integer.toString(i), "url"), job.url(), violations);
        screen(List.of("jobs", Integer.toString(i), "callbackUrl"), job.callbackUrl(), violations);
      }
    }
    screen(List.of("callbackUrl"), request.callbackUrl(), violations);
    return violations;
  }

  /** Adds a refusal of {@code url} if it is a well-formed URL the policy refuses. */
  private void screen(List<String> path, String url, List<FieldViolation> violations) {
    if (url != null
        && JobRequestRules.validHost(url)
            .filter(host -> !destinations.permitsHost(host))
            .isPresent()) {
      violations.add(new FieldViolation(JsonPointers.of(path), DestinationScreen.REFUSED_REASON));
    }
  }
}
