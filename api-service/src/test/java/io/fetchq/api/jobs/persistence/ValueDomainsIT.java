package io.fetchq.api.jobs.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.ApiIntegrationTest;
import io.fetchq.kernel.jobs.JobStatus;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The columns every job writes keep their value rules as domains (changeset 0010), not as table
 * CHECK constraints, which PostgreSQL reads back and prepares anew for every statement that writes
 * a row. The rules are the same as before.
 */
class ValueDomainsIT extends ApiIntegrationTest {

  @Test
  void theTablesEveryJobWritesHaveNoCheckConstraints() {
    List<String> checks =
        jdbc()
            .sql(
                """
                SELECT conrelid::regclass || '.' || conname FROM pg_constraint
                 WHERE contype = 'c'
                   AND conrelid IN ('jobs'::regclass, 'job_attempts'::regclass,
                                    'batches'::regclass, 'outbox'::regclass,
                                    'job_results'::regclass)
                """)
            .query(String.class)
            .list();

    assertThat(checks).isEmpty();
  }

  @Test
  void theColumnsAreOfTheirDomains() {
    assertThat(typeOf("jobs", "status")).isEqualTo("fetchq_job_status");
    assertThat(typeOf("job_attempts", "outcome")).isEqualTo("fetchq_attempt_outcome");
    assertThat(typeOf("batches", "size")).isEqualTo("fetchq_batch_size");
  }

  @Test
  void everyJobStatusIsAllowedAndNothingElse() {
    for (JobStatus status : JobStatus.values()) {
      assertThat(cast("'" + status.wireName() + "'", "fetchq_job_status"))
          .isEqualTo(status.wireName());
    }
    assertRefused("'bogus'", "fetchq_job_status");
    assertRefused("'Queued'", "fetchq_job_status");
  }

  @Test
  void attemptOutcomesAreTheThreeKnownOnes() {
    for (String outcome : Arrays.asList("completed", "retryable_error", "failed")) {
      assertThat(cast("'" + outcome + "'", "fetchq_attempt_outcome")).isEqualTo(outcome);
    }
    assertRefused("'cancelled'", "fetchq_attempt_outcome");
  }

  @Test
  void aBatchHoldsOneToAThousandJobs() {
    assertThat(cast("1", "fetchq_batch_size")).isEqualTo("1");
    assertThat(cast("1000", "fetchq_batch_size")).isEqualTo("1000");
    assertRefused("0", "fetchq_batch_size");
    assertRefused("1001", "fetchq_batch_size");
  }

  private String typeOf(String table, String column) {
    return jdbc()
        .sql(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = ?::regclass AND attname = ?")
        .params(table, column)
        .query(String.class)
        .single();
  }

  private String cast(String literal, String domain) {
    return jdbc()
        .sql("SELECT (" + literal + "::" + domain + ")::text")
        .query(String.class)
        .single();
  }

  private void assertRefused(String literal, String domain) {
    assertThatThrownBy(() -> cast(literal, domain))
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining("violates check constraint");
  }
}
