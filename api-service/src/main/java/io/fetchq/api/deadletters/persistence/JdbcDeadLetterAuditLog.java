package io.fetchq.api.deadletters.persistence;

import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.domain.AuditAction;
import io.fetchq.api.deadletters.domain.AuditEntry;
import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import io.fetchq.api.deadletters.domain.ReplayRunId;
import io.fetchq.api.deadletters.usecase.DeadLetterAuditLog;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link DeadLetterAuditLog} in table {@code dead_letter_audit}; writes join the caller's
 * transaction.
 */
public final class JdbcDeadLetterAuditLog implements DeadLetterAuditLog {

  private final JdbcClient jdbc;

  public JdbcDeadLetterAuditLog(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public void record(AuditEntry entry) {
    jdbc.sql(
            """
            INSERT INTO dead_letter_audit (id, at, action, actor_tenant_id, actor_key_id, tenant_id,
                                           dead_letter_id, job_id, run_id, filter, dry_run,
                                           matched, replayed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
            """)
        .params(
            entry.id(),
            Timestamp.from(entry.at()),
            entry.action().wireName(),
            entry.actor().tenant().value(),
            entry.actor().keyId(),
            entry.tenant() == null ? null : entry.tenant().value(),
            entry.deadLetterId() == null ? null : entry.deadLetterId().value(),
            entry.jobId() == null ? null : entry.jobId().value(),
            entry.runId() == null ? null : entry.runId().value(),
            entry.filter() == null ? null : FilterJson.write(entry.filter()),
            entry.dryRun(),
            entry.matched(),
            entry.replayed())
        .update();
  }

  @Override
  public List<AuditEntry> list(TenantId scope, KeysetCursor after, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, at, action, actor_tenant_id, actor_key_id, tenant_id, dead_letter_id,"
                + " job_id, run_id, filter::text AS filter, dry_run, matched, replayed"
                + " FROM dead_letter_audit WHERE true");
    List<Object> params = new ArrayList<>();
    if (scope != null) {
      sql.append(" AND tenant_id = ?");
      params.add(scope.value());
    }
    if (after != null) {
      sql.append(" AND (at, id) < (?, ?)");
      params.add(Timestamp.from(after.at()));
      params.add(after.id());
    }
    sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params).query((rs, row) -> entry(rs)).list();
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    UUID tenant = rs.getObject("tenant_id", UUID.class);
    UUID deadLetter = rs.getObject("dead_letter_id", UUID.class);
    UUID job = rs.getObject("job_id", UUID.class);
    UUID run = rs.getObject("run_id", UUID.class);
    return new AuditEntry(
        rs.getObject("id", UUID.class),
        JdbcReplayRunRepository.instant(rs, "at"),
        AuditAction.fromWire(rs.getString("action")),
        new AdminActor(
            new TenantId(rs.getObject("actor_tenant_id", UUID.class)),
            rs.getObject("actor_key_id", UUID.class)),
        tenant == null ? null : new TenantId(tenant),
        deadLetter == null ? null : new DeadLetterId(deadLetter),
        job == null ? null : new JobId(job),
        run == null ? null : new ReplayRunId(run),
        FilterJson.read(rs.getString("filter")),
        rs.getBoolean("dry_run"),
        rs.getInt("matched"),
        rs.getInt("replayed"));
  }
}
