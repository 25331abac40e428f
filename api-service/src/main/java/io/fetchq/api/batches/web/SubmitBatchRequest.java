package io.fetchq.api.batches.web;

import io.fetchq.api.batches.domain.Batch;
import io.fetchq.api.jobs.web.SubmitJobRequest;
import io.fetchq.api.jobs.web.validation.HttpUrl;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code POST /api/v1/batches} (API.md "Batches"): 1..1000 jobs, each exactly what
 * {@code POST /api/v1/jobs} takes and validated the same way (pointers {@code /jobs/17/url}).
 */
@Schema(description = "A batch of fetch jobs, accepted all or nothing.")
public record SubmitBatchRequest(
    @ArraySchema(
            minItems = Batch.MIN_SIZE,
            maxItems = Batch.MAX_SIZE,
            arraySchema =
                @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "1..1000 jobs, each as POST /api/v1/jobs takes it."))
        @NotNull(message = "is required") @Size(
            min = Batch.MIN_SIZE,
            max = Batch.MAX_SIZE,
            message = "must hold between 1 and 1000 jobs")
        List<@NotNull(message = "must be a job") @Valid SubmitJobRequest> jobs,
    @Schema(
            description =
                "Where fetchq POSTs batch.completed once every job is terminal. Same rules as a"
                    + " job's callbackUrl.")
        @HttpUrl
        String callbackUrl) {}
