package io.fetchq.api.jobs.persistence;

import io.fetchq.kernel.jobs.JobStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code jobs} as JPA reads and updates it. Rows are inserted by {@link JobRows} (plain
 * JDBC, one or many per statement), never through this entity.
 */
@Entity
@Table(name = "jobs")
class JobEntity {

  @Id private UUID id;

  @Column(name = "tenant_id", nullable = false)
  private UUID tenantId;

  @Column(name = "batch_id")
  private UUID batchId;

  /**
   * A text domain with the allowed statuses (changeset 0010), named so schema validation knows it.
   */
  @Convert(converter = JobStatusConverter.class)
  @Column(nullable = false, columnDefinition = "fetchq_job_status")
  private JobStatus status;

  @Column(nullable = false)
  private String method;

  @Column(nullable = false)
  private String url;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(name = "request_headers", nullable = false)
  private Map<String, String> requestHeaders;

  @Column(name = "request_body")
  private byte[] requestBody;

  @Column(name = "request_body_base64", nullable = false)
  private boolean requestBodyBase64;

  @Column(name = "timeout_ms", nullable = false)
  private int timeoutMs;

  @Column(name = "follow_redirects", nullable = false)
  private boolean followRedirects;

  @Column(name = "max_attempts", nullable = false)
  private int maxAttempts;

  @Column(name = "retry_initial_delay_ms", nullable = false)
  private long retryInitialDelayMs;

  @Column(name = "retry_multiplier", nullable = false)
  private double retryMultiplier;

  @Column(name = "retry_max_delay_ms", nullable = false)
  private long retryMaxDelayMs;

  @Column(name = "callback_url")
  private String callbackUrl;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  private Map<String, String> metadata;

  @Column(nullable = false)
  private int attempts;

  @Column(nullable = false)
  private int generation;

  @Column(name = "next_attempt_at")
  private Instant nextAttemptAt;

  @Column(name = "last_error_type")
  private String lastErrorType;

  @Column(name = "last_error_message")
  private String lastErrorMessage;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "completed_at")
  private Instant completedAt;

  /** Written by the worker; read here with a fetch join. */
  @OneToOne(mappedBy = "job", fetch = FetchType.LAZY)
  private JobResultEntity result;

  /** For JPA. */
  protected JobEntity() {}

  UUID getId() {
    return id;
  }

  UUID tenantId() {
    return tenantId;
  }

  UUID batchId() {
    return batchId;
  }

  JobStatus status() {
    return status;
  }

  String method() {
    return method;
  }

  String url() {
    return url;
  }

  Map<String, String> requestHeaders() {
    return requestHeaders;
  }

  byte[] requestBody() {
    return requestBody;
  }

  boolean requestBodyBase64() {
    return requestBodyBase64;
  }

  int timeoutMs() {
    return timeoutMs;
  }

  boolean followRedirects() {
    return followRedirects;
  }

  int maxAttempts() {
    return maxAttempts;
  }

  long retryInitialDelayMs() {
    return retryInitialDelayMs;
  }

  double retryMultiplier() {
    return retryMultiplier;
  }

  long retryMaxDelayMs() {
    return retryMaxDelayMs;
  }

  String callbackUrl() {
    return callbackUrl;
  }

  Map<String, String> metadata() {
    return metadata;
  }

  int attempts() {
    return attempts;
  }

  int generation() {
    return generation;
  }

  Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  String lastErrorType() {
    return lastErrorType;
  }

  String lastErrorMessage() {
    return lastErrorMessage;
  }

  Instant createdAt() {
    return createdAt;
  }

  Instant updatedAt() {
    return updatedAt;
  }

  Instant completedAt() {
    return completedAt;
  }

  JobResultEntity result() {
    return result;
  }

  JobEntity state(
      JobStatus newStatus,
      int attemptsStarted,
      int replays,
      Instant nextAttempt,
      String errorType,
      String errorMessage) {
    this.status = newStatus;
    this.attempts = attemptsStarted;
    this.generation = replays;
    this.nextAttemptAt = nextAttempt;
    this.lastErrorType = errorType;
    this.lastErrorMessage = errorMessage;
    return this;
  }

  /** Forgets the loaded result after its row was deleted. */
  JobEntity withoutResult() {
    this.result = null;
    return this;
  }

  JobEntity times(Instant created, Instant updated, Instant completed) {
    this.createdAt = created;
    this.updatedAt = updated;
    this.completedAt = completed;
    return this;
  }
}
