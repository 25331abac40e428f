package io.fetchq.api.jobs.persistence;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Spring Data access to {@code jobs}. Every read names the tenant. */
interface JobEntityRepository extends Repository<JobEntity, UUID> {

  /** The tenant's job with its result (one query: left join fetch), or empty. */
  @Query(
      "select j from JobEntity j left join fetch j.result"
          + " where j.id = :id and j.tenantId = :tenantId")
  Optional<JobEntity> findByIdAndTenantId(UUID id, UUID tenantId);

  /**
   * The tenant's job, its row locked for the transaction ({@code FOR UPDATE}: no outer join, which
   * PostgreSQL cannot lock); the result is loaded by a second select.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select j from JobEntity j where j.id = :id and j.tenantId = :tenantId")
  Optional<JobEntity> lockByIdAndTenantId(UUID id, UUID tenantId);

  /** The job, from the persistence context when the transaction already loaded it. */
  Optional<JobEntity> findById(UUID id);

  /** Deletes the job's result row, if any; the result entity is immutable, so this is SQL. */
  @Modifying
  @Query(value = "DELETE FROM job_results WHERE job_id = :jobId", nativeQuery = true)
  int deleteResult(UUID jobId);

  /** Writes pending changes now, so a failing statement surfaces in the caller. */
  void flush();
}
