package io.fetchq.api.callbacks.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.batches.usecase.GetBatch;
import io.fetchq.api.batches.web.BatchResponse;
import io.fetchq.api.callbacks.domain.NewWebhookEvent;
import io.fetchq.api.callbacks.usecase.WebhookPayloads;
import io.fetchq.api.jobs.usecase.GetJob;
import io.fetchq.api.jobs.web.JobResponseMapper;
import io.fetchq.contracts.webhooks.v1.WebhookEvent;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders a webhook body with the very code that answers {@code GET /api/v1/jobs/{id}} ({@link
 * GetJob}, {@link JobResponseMapper}) and {@code GET /api/v1/batches/{id}} ({@link GetBatch},
 * {@link BatchResponse#of}), serialised with the API's JSON dialect (the mapper Spring MVC writes
 * responses with), so {@code data} is byte for byte what a client would have read at that moment.
 */
public final class WebhookPayloadRenderer implements WebhookPayloads {

  private final GetJob getJob;
  private final JobResponseMapper jobs;
  private final GetBatch getBatch;
  private final ObjectMapper json;

  /**
   * @param json the API's response mapper ({@link io.fetchq.api.web.ApiJson#configure})
   */
  public WebhookPayloadRenderer(
      GetJob getJob, JobResponseMapper jobs, GetBatch getBatch, ObjectMapper json) {
    this.getJob = Objects.requireNonNull(getJob, "getJob");
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.getBatch = Objects.requireNonNull(getBatch, "getBatch");
    this.json = Objects.requireNonNull(json, "json");
  }

  @Override
  public Optional<String> render(NewWebhookEvent event) {
    Optional<Object> data =
        event.aboutJob()
            ? getJob.get(event.tenantId(), event.jobId()).map(jobs::toResponse)
            : getBatch.get(event.tenantId(), event.batchId()).map(BatchResponse::of);
    return data.map(subject -> write(new WebhookEvent(event.type(), event.occurredAt(), subject)));
  }

  private String write(WebhookEvent body) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not render webhook event " + body.type(), e);
    }
  }
}
