package io.fetchq.api.jobs.persistence;

import io.fetchq.kernel.jobs.JobStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a {@link JobStatus} as its lowercase wire name, as the column's domain {@code
 * fetchq_job_status} wants.
 */
@Converter
class JobStatusConverter implements AttributeConverter<JobStatus, String> {

  @Override
  public String convertToDatabaseColumn(JobStatus status) {
    return status == null ? null : status.wireName();
  }

  @Override
  public JobStatus convertToEntityAttribute(String value) {
    return value == null ? null : JobStatus.fromWire(value);
  }
}
