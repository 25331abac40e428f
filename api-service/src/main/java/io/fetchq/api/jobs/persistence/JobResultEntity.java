package io.fetchq.api.jobs.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code job_results}. The worker writes it; the API only reads it. */
@Entity
@Immutable
@Table(name = "job_results")
class JobResultEntity {

  @Id
  @Column(name = "job_id")
  private UUID jobId;

  @MapsId
  @OneToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "job_id")
  private JobEntity job;

  @Column(name = "status_code", nullable = false)
  private int statusCode;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(nullable = false)
  private Map<String, String> headers;

  @Column(nullable = false)
  private byte[] body;

  @Column(name = "body_truncated", nullable = false)
  private boolean bodyTruncated;

  @Column(name = "body_size")
  private Long bodySize;

  @Column(name = "duration_ms", nullable = false)
  private int durationMs;

  @Column(name = "fetched_at", nullable = false)
  private Instant fetchedAt;

  /** For JPA. */
  protected JobResultEntity() {}

  UUID jobId() {
    return jobId;
  }

  int statusCode() {
    return statusCode;
  }

  Map<String, String> headers() {
    return headers;
  }

  byte[] body() {
    return body;
  }

  boolean bodyTruncated() {
    return bodyTruncated;
  }

  Long bodySize() {
    return bodySize;
  }

  int durationMs() {
    return durationMs;
  }

  Instant fetchedAt() {
    return fetchedAt;
  }
}
