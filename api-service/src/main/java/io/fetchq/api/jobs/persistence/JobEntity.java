package io.fetchq.api.jobs.persistence;

import io.fetchq.kernel.jobs.JobStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToOne;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

/**
 * A row of {@code jobs}. Ids are assigned by the API, so {@link #isNew()} says whether the row was
 * loaded: a new entity is persisted with a plain INSERT, never merged (no select-before-insert).
 */
@Entity
@Table(name = "jobs")
class JobEntity implements Persistable<UUID> {

  @Id private UUID id;

  @Column(name = "tenant_id", nullable = false)
  private UUID tenantId;

  @Column(name = "batch_id")
  private UUID batchId;

  @Convert(converter = JobStatusConverter.class)
  @Column(nullable = false)
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

  // the accepting request's W3C trace context, written with the row and never changed
  @Column(name = "trace_parent", updatable = false)
  private String traceParent;

  @Column(name = "trace_state", updatable = false)
  private String traceState;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "completed_at")
  private Instant completedAt;

  /** Written by the worker; read here with a fetch join. */
  @OneToOne(mappedBy = "job", fetch = FetchType.LAZY)
  private JobResultEntity result;

  @Transient private boolean isNew;

  /** For JPA. */
  protected JobEntity() {}

  /** A row to insert. */
  JobEntity(UUID id) {
    this.id = id;
    this.isNew = true;
  }

  @PostLoad
  @PostPersist
  void markStored() {
    isNew = false;
  }

  @Override
  public UUID getId() {
    return id;
  }

  @Override
  public boolean isNew() {
    return isNew;
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

  JobEntity owner(UUID tenant, UUID batch) {
    this.tenantId = tenant;
    this.batchId = batch;
    return this;
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

  JobEntity request(
      String httpMethod,
      String target,
      Map<String, String> headers,
      byte[] body,
      boolean bodyBase64,
      int timeout,
      boolean redirects,
      String callback,
      Map<String, String> clientMetadata) {
    this.method = httpMethod;
    this.url = target;
    this.requestHeaders = headers;
    this.requestBody = body;
    this.requestBodyBase64 = bodyBase64;
    this.timeoutMs = timeout;
    this.followRedirects = redirects;
    this.callbackUrl = callback;
    this.metadata = clientMetadata;
    return this;
  }

  /**
   * The trace context of the request that accepted the job (W3C {@code traceparent}, {@code
   * tracestate}).
   */
  JobEntity trace(String parent, String state) {
    this.traceParent = parent;
    this.traceState = state;
    return this;
  }

  JobEntity retry(int attemptsAllowed, long initialDelayMs, double multiplier, long maxDelayMs) {
    this.maxAttempts = attemptsAllowed;
    this.retryInitialDelayMs = initialDelayMs;
    this.retryMultiplier = multiplier;
    this.retryMaxDelayMs = maxDelayMs;
    return this;
  }

  JobEntity times(Instant created, Instant updated, Instant completed) {
    this.createdAt = created;
    this.updatedAt = updated;
    this.completedAt = completed;
    return this;
  }
}
