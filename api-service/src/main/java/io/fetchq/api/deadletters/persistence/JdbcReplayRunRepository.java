package io.fetchq.api.deadletters.persistence;

import io.fetchq.api.deadletters.domain.AdminActor;
import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.deadletters.domain.ReplayRun;
import io.fetchq.api.deadletters.domain.ReplayRunId;
import io.fetchq.api.deadletters.domain.ReplayRunState;
import io.fetchq.api.deadletters.usecase.ReplayItem;
import io.fetchq.api.deadletters.usecase.ReplayRunProgress;
import io.fetchq.api.deadletters.usecase.ReplayRunRepository;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.kernel.jobs.JobStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link ReplayRunRepository} on PostgreSQL: tables {@code dead_letter_replay_runs} and {@code
 * dead_letter_replay_items}. Statements join the caller's transaction.
 */
public final class JdbcReplayRunRepository implements ReplayRunRepository {

  private static final String SELECT =
      """
      SELECT id, requested_at, actor_tenant_id, actor_key_id, scope_tenant_id, filter::text AS filter,
             max_entries, canary, canary_passed, canary_replayed_at, state, reason, matched,
             replayed, skipped, finished_at
        FROM dead_letter_replay_runs
      """;

  private final JdbcClient jdbc;

  public JdbcReplayRunRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public int countEligible(DeadLetterFilter filter, int maxReplayCount, int limit) {
    List<Object> params = new ArrayList<>();
    String where = JdbcDeadLetterRepository.where(filter, params);
    params.add(maxReplayCount);
    params.add(limit);
    return jdbc.sql(
            "SELECT count(*) FROM (SELECT 1 FROM dead_letters WHERE "
                + where
                + " AND replay_count < ? LIMIT ?) AS eligible")
        .params(params)
        .query(Integer.class)
        .single();
  }

  @Override
  public void add(ReplayRun run) {
    jdbc.sql(
            """
            INSERT INTO dead_letter_replay_runs
                   (id, requested_at, actor_tenant_id, actor_key_id, scope_tenant_id, filter,
                    max_entries, canary, state, matched)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
            """)
        .params(
            run.id().value(),
            Timestamp.from(run.requestedAt()),
            run.actor().tenant().value(),
            run.actor().keyId(),
            run.scope() == null ? null : run.scope().value(),
            FilterJson.write(run.filter()),
            run.maxEntries(),
            run.canary() == 0 ? null : run.canary(),
            run.state().wireName(),
            run.matched())
        .update();
  }

  @Override
  public int snapshot(ReplayRunId id, DeadLetterFilter filter, int maxReplayCount, int limit) {
    List<Object> params = new ArrayList<>();
    params.add(id.value());
    String where = JdbcDeadLetterRepository.where(filter, params);
    params.add(maxReplayCount);
    params.add(limit);
    return jdbc.sql(
            "INSERT INTO dead_letter_replay_items (run_id, position, dead_letter_id, job_id)"
                + " SELECT ?, row_number() OVER (ORDER BY failed_at DESC, id DESC), id, job_id"
                + " FROM (SELECT id, job_id, failed_at FROM dead_letters WHERE "
                + where
                + " AND replay_count < ? ORDER BY failed_at DESC, id DESC LIMIT ?) AS matched")
        .params(params)
        .update();
  }

  @Override
  public Optional<ReplayRunId> oldestRunning() {
    return jdbc.sql(
            "SELECT id FROM dead_letter_replay_runs WHERE state = 'running'"
                + " ORDER BY requested_at, id LIMIT 1")
        .query((rs, row) -> new ReplayRunId(rs.getObject("id", UUID.class)))
        .optional();
  }

  @Override
  public Optional<ReplayRun> claim(ReplayRunId id, String owner, Instant now, Instant leaseUntil) {
    Optional<ReplayRun> run =
        jdbc.sql(
                SELECT
                    + " WHERE id = ? AND state = 'running'"
                    + " AND (locked_until IS NULL OR locked_until <= ? OR locked_by = ?)"
                    + " FOR UPDATE SKIP LOCKED")
            .params(id.value(), Timestamp.from(now), owner)
            .query((rs, row) -> run(rs))
            .optional();
    run.ifPresent(
        found ->
            jdbc.sql(
                    "UPDATE dead_letter_replay_runs SET locked_by = ?, locked_until = ?"
                        + " WHERE id = ?")
                .params(owner, Timestamp.from(leaseUntil), id.value())
                .update());
    return run;
  }

  @Override
  public Optional<ReplayRun> lockOwned(ReplayRunId id, String owner, Instant now) {
    return jdbc.sql(
            SELECT
                + " WHERE id = ? AND state = 'running' AND locked_by = ? AND locked_until > ?"
                + " FOR UPDATE")
        .params(id.value(), owner, Timestamp.from(now))
        .query((rs, row) -> run(rs))
        .optional();
  }

  @Override
  public List<ReplayItem> pending(ReplayRunId id, int limit) {
    return jdbc.sql(
            "SELECT position, dead_letter_id, job_id FROM dead_letter_replay_items"
                + " WHERE run_id = ? AND outcome IS NULL ORDER BY position LIMIT ?")
        .params(id.value(), limit)
        .query(
            (rs, row) ->
                new ReplayItem(
                    rs.getInt("position"),
                    new DeadLetterId(rs.getObject("dead_letter_id", UUID.class)),
                    new JobId(rs.getObject("job_id", UUID.class))))
        .list();
  }

  @Override
  public void markItem(ReplayRunId id, int position, Integer generation) {
    jdbc.sql(
            "UPDATE dead_letter_replay_items SET outcome = ?, generation = ?"
                + " WHERE run_id = ? AND position = ?")
        .params(generation == null ? "skipped" : "replayed", generation, id.value(), position)
        .update();
  }

  @Override
  public List<JobStatus> replayedJobStatuses(ReplayRunId id) {
    return jdbc.sql(
            """
            SELECT CASE WHEN j.generation = i.generation THEN j.status ELSE 'running' END AS status
              FROM dead_letter_replay_items i JOIN jobs j ON j.id = i.job_id
             WHERE i.run_id = ? AND i.outcome = 'replayed'
            """)
        .param(id.value())
        .query((rs, row) -> JobStatus.fromWire(rs.getString("status")))
        .list();
  }

  @Override
  public void save(ReplayRun run) {
    boolean finished = run.state() != ReplayRunState.RUNNING;
    jdbc.sql(
            """
            UPDATE dead_letter_replay_runs
               SET canary_passed = ?, canary_replayed_at = ?, state = ?, reason = ?, matched = ?,
                   replayed = ?, skipped = ?, finished_at = ?,
                   locked_by = CASE WHEN ? THEN NULL ELSE locked_by END,
                   locked_until = CASE WHEN ? THEN NULL ELSE locked_until END
             WHERE id = ?
            """)
        .params(
            run.canaryPassed(),
            timestamp(run.canaryReplayedAt()),
            run.state().wireName(),
            run.reason(),
            run.matched(),
            run.replayed(),
            run.skipped(),
            timestamp(run.finishedAt()),
            finished,
            finished,
            run.id().value())
        .update();
  }

  @Override
  public Optional<ReplayRunProgress> find(ReplayRunId id, TenantId scope) {
    Optional<ReplayRun> run =
        scope == null
            ? jdbc.sql(SELECT + " WHERE id = ?")
                .param(id.value())
                .query((rs, row) -> run(rs))
                .optional()
            : jdbc.sql(SELECT + " WHERE id = ? AND scope_tenant_id = ?")
                .params(id.value(), scope.value())
                .query((rs, row) -> run(rs))
                .optional();
    return run.map(
        found ->
            jdbc.sql(
                    """
                    SELECT count(*) FILTER (WHERE j.status = 'completed') AS succeeded,
                           count(*) FILTER (WHERE j.status IN ('failed', 'cancelled')) AS failed
                      FROM dead_letter_replay_items i
                      JOIN jobs j ON j.id = i.job_id AND j.generation = i.generation
                     WHERE i.run_id = ? AND i.outcome = 'replayed'
                    """)
                .param(id.value())
                .query(
                    (rs, row) ->
                        new ReplayRunProgress(found, rs.getInt("succeeded"), rs.getInt("failed")))
                .single());
  }

  private static ReplayRun run(ResultSet rs) throws SQLException {
    UUID scope = rs.getObject("scope_tenant_id", UUID.class);
    Integer canary = rs.getObject("canary", Integer.class);
    return new ReplayRun(
        new ReplayRunId(rs.getObject("id", UUID.class)),
        instant(rs, "requested_at"),
        new AdminActor(
            new TenantId(rs.getObject("actor_tenant_id", UUID.class)),
            rs.getObject("actor_key_id", UUID.class)),
        scope == null ? null : new TenantId(scope),
        FilterJson.read(rs.getString("filter")),
        rs.getInt("max_entries"),
        canary == null ? 0 : canary,
        rs.getBoolean("canary_passed"),
        instant(rs, "canary_replayed_at"),
        ReplayRunState.fromWire(rs.getString("state")),
        rs.getString("reason"),
        rs.getInt("matched"),
        rs.getInt("replayed"),
        rs.getInt("skipped"),
        instant(rs, "finished_at"));
  }

  private static Timestamp timestamp(Instant at) {
    return at == null ? null : Timestamp.from(at);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
