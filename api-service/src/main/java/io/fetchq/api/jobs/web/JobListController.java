package io.fetchq.api.jobs.web;

import io.fetchq.api.jobs.usecase.JobPage;
import io.fetchq.api.jobs.usecase.JobQuery;
import io.fetchq.api.jobs.usecase.ListJobs;
import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/jobs}: the caller's jobs, newest first, a page at a time. */
@RestController
@RequestMapping(path = JobController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
public class JobListController {

  private final ListJobs listJobs;
  private final JobResponseMapper responses;

  public JobListController(ListJobs listJobs, JobResponseMapper responses) {
    this.listJobs = listJobs;
    this.responses = responses;
  }

  @Operation(
      summary = "List jobs",
      description =
          "The caller's jobs, newest first, each as GET /api/v1/jobs/{id} shows it. Pagination is"
              + " by keyset: pass nextCursor as cursor for the next page (null on the last page)."
              + " Jobs submitted while paging appear before the first page and are never repeated"
              + " or skipped. A batchId of another tenant (or of no batch) lists nothing. Invalid"
              + " parameters (limit outside 1..200, an unknown status, a cursor not returned by"
              + " this API, a batchId that is not a UUID) answer 400 invalid-parameter, with"
              + " errors[].parameter naming each.")
  @GetMapping
  public JobPageResponse list(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller,
      @Parameter(
              description = "Only jobs in this status.",
              schema =
                  @Schema(
                      allowableValues = {
                        "queued",
                        "running",
                        "retrying",
                        "completed",
                        "failed",
                        "cancelled"
                      }))
          @RequestParam(required = false)
          String status,
      @Parameter(description = "Only jobs of this batch.", schema = @Schema(format = "uuid"))
          @RequestParam(required = false)
          String batchId,
      @Parameter(
              description = "Page size.",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
          @RequestParam(required = false)
          String limit,
      @Parameter(description = "nextCursor of the previous page.") @RequestParam(required = false)
          String cursor) {
    JobListParameters parameters = JobListParameters.parse(status, batchId, limit, cursor);
    JobPage page =
        listJobs.list(
            new JobQuery(
                caller.tenantId(), parameters.status(), parameters.batchId(), parameters.before()),
            parameters.limit());
    return responses.toPageResponse(page);
  }
}
