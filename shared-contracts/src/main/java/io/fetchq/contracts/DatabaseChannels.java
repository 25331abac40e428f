package io.fetchq.contracts;

/**
 * PostgreSQL {@code LISTEN}/{@code NOTIFY} channels written by the database itself (changeset 0008,
 * trigger {@code jobs_status_changed}) in the transaction that makes a change, so a notification
 * arrives exactly when the change has committed and never for a rolled-back one. Notifications are
 * hints: a listener re-reads the rows it cares about, and re-reads everything after reconnecting,
 * because notifications sent while it was disconnected are lost.
 */
public final class DatabaseChannels {

  /** Every job status change; payload {@code "<job id> <batch id>"}, {@code -} for no batch. */
  public static final String JOB_EVENTS = "fetchq_job_events";

  /** A webhook event row was created (state {@code new}); payload {@code "<event id>"}. */
  public static final String WEBHOOK_EVENTS = "fetchq_webhook_events";

  private DatabaseChannels() {}
}
