package io.fetchq.api.jobs.web;

import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.usecase.ListJobs;
import io.fetchq.api.web.InvalidParametersException;
import io.fetchq.api.web.ParameterViolation;
import io.fetchq.kernel.jobs.JobStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The query parameters of a job listing, checked together: every invalid one is reported at once
 * (400 {@code invalid-parameter}, {@code errors[].parameter} naming it). An empty value counts as
 * absent.
 *
 * @param status only jobs in this status, or null
 * @param batchId only jobs of this batch, or null
 * @param before continue below this job id (from {@code cursor}), or null
 * @param limit the page size
 */
public record JobListParameters(JobStatus status, UUID batchId, JobId before, int limit) {

  static final String STATUSES =
      Arrays.stream(JobStatus.values()).map(JobStatus::wireName).collect(Collectors.joining(", "));

  /**
   * Parses the raw parameters (each may be null).
   *
   * @throws InvalidParametersException naming every invalid parameter
   */
  public static JobListParameters parse(
      String status, String batchId, String limit, String cursor) {
    List<ParameterViolation> errors = new ArrayList<>();
    JobStatus parsedStatus = null;
    if (present(status)) {
      try {
        parsedStatus = JobStatus.fromWire(status);
      } catch (IllegalArgumentException unknown) {
        errors.add(new ParameterViolation("status", "must be one of " + STATUSES));
      }
    }
    UUID parsedBatch = null;
    if (present(batchId)) {
      try {
        parsedBatch = UUID.fromString(batchId);
      } catch (IllegalArgumentException notUuid) {
        errors.add(new ParameterViolation("batchId", "must be a UUID"));
      }
    }
    int parsedLimit = ListJobs.DEFAULT_LIMIT;
    if (present(limit)) {
      parsedLimit = parseLimit(limit, errors);
    }
    JobId before = null;
    if (present(cursor)) {
      before = JobCursor.decode(cursor).orElse(null);
      if (before == null) {
        errors.add(
            new ParameterViolation(
                "cursor", "is not a cursor of this listing; pass nextCursor as it was returned"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidParametersException(errors);
    }
    return new JobListParameters(parsedStatus, parsedBatch, before, parsedLimit);
  }

  private static int parseLimit(String limit, List<ParameterViolation> errors) {
    String range =
        "must be an integer between " + ListJobs.MIN_LIMIT + " and " + ListJobs.MAX_LIMIT;
    if (!limit.matches("[0-9]{1,4}")) {
      errors.add(new ParameterViolation("limit", range));
      return ListJobs.DEFAULT_LIMIT;
    }
    int value = Integer.parseInt(limit);
    if (value < ListJobs.MIN_LIMIT || value > ListJobs.MAX_LIMIT) {
      errors.add(new ParameterViolation("limit", range));
    }
    return value;
  }

  private static boolean present(String value) {
    return value != null && !value.isEmpty();
  }
}
