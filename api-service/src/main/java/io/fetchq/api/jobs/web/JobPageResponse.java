package io.fetchq.api.jobs.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A page of a job listing (API.md "Jobs"): the jobs as {@code GET /api/v1/jobs/{id}} shows them,
 * newest first, and the cursor of the next page, null on the last one.
 */
@Schema(description = "A page of jobs, newest first.")
public record JobPageResponse(
    List<JobResponse> items,
    @Schema(
            description =
                "Opaque; pass it as cursor to get the next page. Null when this is the last page.")
        String nextCursor) {}
