package io.fetchq.api.web;

/**
 * Names of the MDC keys the API sets while it handles a request (ARCHITECTURE.md "Logs"): they
 * appear in every log line of that request, as fields of the JSON line.
 */
public final class LogContext {

  /** The authenticated caller's tenant (set by the API-key filter). */
  public static final String TENANT_ID = "tenantId";

  /** The job a {@code /api/v1/jobs/{id}/...} request is about. */
  public static final String JOB_ID = "jobId";

  /** The batch a {@code /api/v1/batches/{id}/...} request is about. */
  public static final String BATCH_ID = "batchId";

  private LogContext() {}
}
