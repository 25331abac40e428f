package io.fetchq.api.jobs.persistence;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Spring Data access to {@code jobs}. Every read names the tenant. */
interface JobEntityRepository extends Repository<JobEntity, UUID> {

  /** Persists a new entity ({@link JobEntity#isNew()}) and flushes, so conflicts surface here. */
  JobEntity saveAndFlush(JobEntity job);

  /** The tenant's job with its result (one query: left join fetch), or empty. */
  @Query(
      "select j from JobEntity j left join fetch j.result"
          + " where j.id = :id and j.tenantId = :tenantId")
  Optional<JobEntity> findByIdAndTenantId(UUID id, UUID tenantId);
}
