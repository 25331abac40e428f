package io.fetchq.api.streams.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.batches.domain.Batch;
import io.fetchq.api.batches.domain.BatchId;
import io.fetchq.api.batches.domain.BatchProgress;
import io.fetchq.api.batches.usecase.GetBatch;
import io.fetchq.api.batches.usecase.InMemoryBatchRepository;
import io.fetchq.api.jobs.domain.HttpMethod;
import io.fetchq.api.jobs.domain.Job;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.domain.JobRequest;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.jobs.usecase.GetJob;
import io.fetchq.api.jobs.usecase.InMemoryJobRepository;
import io.fetchq.api.jobs.usecase.JobRepository;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.contracts.DatabaseChannels;
import io.fetchq.kernel.jobs.JobStatus;
import io.fetchq.kernel.jobs.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The hub with in-memory jobs and batches and an executor that runs queued tasks only when the test
 * says so: what is sent, when, and when a stream ends.
 */
class StatusStreamsTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final TenantId OWNER =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000001"));
  private static final TenantId STRANGER =
      new TenantId(UUID.fromString("0190f5c2-0000-7000-8000-000000000002"));

  private final FakeTransactions transactions = new FakeTransactions();
  private final InMemoryJobRepository jobs = new InMemoryJobRepository(transactions);
  private final InMemoryBatchRepository batches = new InMemoryBatchRepository(transactions, jobs);
  private final ManualExecutor readers = new ManualExecutor();
  private final StatusStreams streams =
      new StatusStreams(new GetJob(jobs), new GetBatch(batches), readers, 3);

  @Test
  void sendsTheCurrentStateAtOnceThenEachStatusChangeAndCompletesAtTheTerminalOne() {
    Job job = job(null);
    RecordingSink<Job> sink = new RecordingSink<>();

    StreamOpening opening = streams.openJob(OWNER, job.id(), sink);

    assertThat(opening).isInstanceOf(StreamOpening.Opened.class);
    assertThat(sink.statuses()).containsExactly(JobStatus.QUEUED);
    assertThat(readers.queued()).isZero();

    jobs.put(with(job, JobStatus.RUNNING));
    streams.changed(job.id() + " -");
    readers.runAll();
    jobs.put(with(job, JobStatus.COMPLETED));
    streams.changed(job.id() + " -");
    readers.runAll();

    assertThat(sink.statuses())
        .containsExactly(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.COMPLETED);
    assertThat(sink.completed).isTrue();
    assertThat(((StreamOpening.Opened) opening).stream().isClosed()).isTrue();
    assertThat(streams.activeStreams()).isZero();
  }

  @Test
  void sendsNothingWhenTheStatusDidNotChange() {
    Job job = job(null);
    RecordingSink<Job> sink = new RecordingSink<>();
    streams.openJob(OWNER, job.id(), sink);

    jobs.put(withAttempts(job, 3));
    streams.changed(job.id() + " -");
    streams.refreshAll();
    readers.runAll();

    assertThat(sink.statuses()).containsExactly(JobStatus.QUEUED);
    assertThat(sink.completed).isFalse();
  }

  @Test
  void coalescesNotificationsThatArriveBeforeTheReRead() {
    Job job = job(null);
    streams.openJob(OWNER, job.id(), new RecordingSink<>());

    streams.changed(job.id() + " -");
    streams.changed(job.id() + " -");
    streams.resync();

    assertThat(readers.queued()).isOne();
  }

  @Test
  void aTerminalJobIsSentAndCompletedAtOnce() {
    Job job = job(null);
    jobs.put(with(job, JobStatus.FAILED));
    RecordingSink<Job> sink = new RecordingSink<>();

    StreamOpening opening = streams.openJob(OWNER, job.id(), sink);

    assertThat(opening).isInstanceOf(StreamOpening.Opened.class);
    assertThat(sink.statuses()).containsExactly(JobStatus.FAILED);
    assertThat(sink.completed).isTrue();
    assertThat(streams.activeStreams()).isZero();
  }

  @Test
  void anotherTenantsOrAnUnknownJobIsNotFoundAndSendsNothing() {
    Job job = job(null);
    RecordingSink<Job> sink = new RecordingSink<>();

    assertThat(streams.openJob(STRANGER, job.id(), sink))
        .isInstanceOf(StreamOpening.NotFound.class);
    assertThat(streams.openJob(OWNER, new JobId(UUID.randomUUID()), sink))
        .isInstanceOf(StreamOpening.NotFound.class);
    assertThat(sink.sent).isEmpty();
    assertThat(streams.activeStreams()).isZero();
  }

  @Test
  void resyncReReadsEveryStream() {
    Job first = job(null);
    Job second = job(null);
    RecordingSink<Job> firstSink = new RecordingSink<>();
    RecordingSink<Job> secondSink = new RecordingSink<>();
    streams.openJob(OWNER, first.id(), firstSink);
    streams.openJob(OWNER, second.id(), secondSink);

    jobs.put(with(first, JobStatus.RUNNING));
    jobs.put(with(second, JobStatus.CANCELLED));
    streams.resync();
    readers.runAll();

    assertThat(firstSink.statuses()).containsExactly(JobStatus.QUEUED, JobStatus.RUNNING);
    assertThat(secondSink.statuses()).containsExactly(JobStatus.QUEUED, JobStatus.CANCELLED);
    assertThat(secondSink.completed).isTrue();
    assertThat(streams.activeStreams()).isOne();
  }

  @Test
  void aCancelledStreamGetsNothingMoreAndFreesItsSlot() {
    Job job = job(null);
    RecordingSink<Job> sink = new RecordingSink<>();
    StatusStream stream = ((StreamOpening.Opened) streams.openJob(OWNER, job.id(), sink)).stream();
    streams.changed(job.id() + " -");

    stream.cancel();
    stream.cancel();
    jobs.put(with(job, JobStatus.RUNNING));
    readers.runAll();
    streams.changed(job.id() + " -");
    streams.keepAlive();

    assertThat(readers.queued()).isZero();
    assertThat(sink.statuses()).containsExactly(JobStatus.QUEUED);
    assertThat(sink.keepAlives).isZero();
    assertThat(streams.activeStreams()).isZero();
  }

  @Test
  void refusesStreamsOverTheLimitUntilOneCloses() {
    Job job = job(null);
    List<StatusStream> open = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      open.add(
          ((StreamOpening.Opened) streams.openJob(OWNER, job.id(), new RecordingSink<>()))
              .stream());
    }

    assertThat(streams.openJob(OWNER, job.id(), new RecordingSink<>()))
        .isEqualTo(new StreamOpening.TooManyStreams(3));
    open.getFirst().cancel();
    assertThat(streams.openJob(OWNER, job.id(), new RecordingSink<>()))
        .isInstanceOf(StreamOpening.Opened.class);
  }

  @Test
  void aClientThatCannotBeReachedIsDropped() {
    Job job = job(null);
    RecordingSink<Job> sink = new RecordingSink<>();
    streams.openJob(OWNER, job.id(), sink);
    sink.broken = true;

    streams.keepAlive();
    readers.runAll();

    assertThat(streams.activeStreams()).isZero();
  }

  @Test
  void aFailedSendDropsTheStream() {
    Job job = job(null);
    RecordingSink<Job> sink = new RecordingSink<>();
    streams.openJob(OWNER, job.id(), sink);
    sink.broken = true;

    jobs.put(with(job, JobStatus.RUNNING));
    streams.changed(job.id() + " -");
    readers.runAll();

    assertThat(streams.activeStreams()).isZero();
    assertThat(sink.completed).isFalse();
  }

  @Test
  void oneReReadServesEveryStreamOfAJobAndAStrangersAttemptChangesNothing() {
    Job job = job(null);
    RecordingSink<Job> first = new RecordingSink<>();
    RecordingSink<Job> second = new RecordingSink<>();
    StatusStreams hub = new StatusStreams(instrumented(), new GetBatch(batches), readers, 3);
    hub.openJob(OWNER, job.id(), first);
    hub.openJob(OWNER, job.id(), second);
    assertThat(hub.openJob(STRANGER, job.id(), new RecordingSink<>()))
        .isInstanceOf(StreamOpening.NotFound.class);
    reads = 0;

    jobs.put(with(job, JobStatus.RUNNING));
    hub.changed(job.id() + " -");
    readers.runAll();

    assertThat(reads).isOne();
    assertThat(first.statuses()).containsExactly(JobStatus.QUEUED, JobStatus.RUNNING);
    assertThat(second.statuses()).containsExactly(JobStatus.QUEUED, JobStatus.RUNNING);
    assertThat(hub.activeStreams()).isEqualTo(2);
  }

  @Test
  void aFailedReReadKeepsTheStreamForTheNextOne() {
    Job job = job(null);
    RecordingSink<Job> sink = new RecordingSink<>();
    StatusStreams hub = new StatusStreams(instrumented(), new GetBatch(batches), readers, 3);
    hub.openJob(OWNER, job.id(), sink);
    jobs.put(with(job, JobStatus.RUNNING));

    readers.failing = true;
    hub.refreshAll();
    readers.runAll();
    readers.failing = false;
    hub.refreshAll();
    readers.runAll();

    assertThat(sink.statuses()).containsExactly(JobStatus.QUEUED, JobStatus.RUNNING);
    assertThat(hub.activeStreams()).isOne();
  }

  private int reads;

  /** Reads the in-memory jobs, counting reads, and failing while {@code readers.failing}. */
  private GetJob instrumented() {
    return new GetJob(
        new JobRepository() {
          @Override
          public void add(Job added) {
            jobs.add(added);
          }

          @Override
          public Optional<Job> find(TenantId tenant, JobId id) {
            if (readers.failing) {
              throw new IllegalStateException("database down");
            }
            reads++;
            return jobs.find(tenant, id);
          }

          @Override
          public Optional<Job> lock(TenantId tenant, JobId id) {
            return jobs.lock(tenant, id);
          }

          @Override
          public void update(Job updated) {
            jobs.update(updated);
          }
        });
  }

  @Test
  void followsABatchsCountsAndCompletesWhenEveryJobIsTerminal() {
    BatchId batchId = new BatchId(UUID.randomUUID());
    transactions.inTransaction(
        () -> {
          batches.add(new Batch(batchId, OWNER, 2, null, NOW));
          return null;
        });
    Job first = job(batchId);
    Job second = job(batchId);
    RecordingSink<BatchProgress> sink = new RecordingSink<>();
    streams.openBatch(OWNER, batchId, sink);

    jobs.put(with(first, JobStatus.RUNNING));
    streams.changed(first.id() + " " + batchId);
    readers.runAll();
    streams.changed(first.id() + " " + batchId); // nothing changed since
    readers.runAll();
    jobs.put(with(first, JobStatus.COMPLETED));
    jobs.put(with(second, JobStatus.FAILED));
    streams.changed(second.id() + " " + batchId);
    readers.runAll();

    assertThat(sink.sent)
        .extracting(progress -> progress.counts().running() + "/" + progress.counts().unfinished())
        .containsExactly("0/2", "1/2", "0/0");
    assertThat(sink.completed).isTrue();
    assertThat(streams.activeStreams()).isZero();
    assertThat(streams.openBatch(STRANGER, batchId, new RecordingSink<>()))
        .isInstanceOf(StreamOpening.NotFound.class);
  }

  @Test
  void ignoresMalformedPayloadsAndUnfollowedIds() {
    streams.changed("not-a-uuid -");
    streams.changed(UUID.randomUUID() + " " + UUID.randomUUID());

    assertThat(readers.queued()).isZero();
    assertThat(streams.channel()).isEqualTo(DatabaseChannels.JOB_EVENTS);
  }

  @Test
  void closeAllCompletesEveryStream() {
    RecordingSink<Job> sink = new RecordingSink<>();
    streams.openJob(OWNER, job(null).id(), sink);

    streams.closeAll();

    assertThat(sink.completed).isTrue();
    assertThat(streams.activeStreams()).isZero();
  }

  @Test
  void aRefusedReReadIsRetriedOnTheNextNotification() {
    Job job = job(null);
    RecordingSink<Job> sink = new RecordingSink<>();
    streams.openJob(OWNER, job.id(), sink);
    jobs.put(with(job, JobStatus.RUNNING));

    readers.refusing = true;
    streams.changed(job.id() + " -");
    readers.refusing = false;
    streams.changed(job.id() + " -");
    readers.runAll();

    assertThat(sink.statuses()).containsExactly(JobStatus.QUEUED, JobStatus.RUNNING);
  }

  @Test
  void refusesANonPositiveLimit() {
    assertThatThrownBy(() -> new StatusStreams(new GetJob(jobs), new GetBatch(batches), readers, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Job job(BatchId batch) {
    Job job =
        Job.accept(
            new JobId(UUID.randomUUID()),
            OWNER,
            batch == null ? null : batch.value(),
            new JobRequest(
                "https://example.org/",
                HttpMethod.GET,
                Map.of(),
                null,
                Duration.ofSeconds(10),
                true,
                RetryPolicy.DEFAULT,
                null,
                Map.of()),
            NOW);
    jobs.put(job);
    return job;
  }

  private static Job with(Job job, JobStatus status) {
    return new Job(
        job.id(),
        job.tenantId(),
        job.batchId(),
        status,
        job.request(),
        job.attempts(),
        job.generation(),
        job.nextAttemptAt(),
        job.createdAt(),
        job.updatedAt(),
        status.isTerminal() ? NOW : null,
        null,
        null);
  }

  private static Job withAttempts(Job job, int attempts) {
    return new Job(
        job.id(),
        job.tenantId(),
        job.batchId(),
        job.status(),
        job.request(),
        attempts,
        job.generation(),
        job.nextAttemptAt(),
        job.createdAt(),
        job.updatedAt(),
        job.completedAt(),
        job.result(),
        job.lastError());
  }

  /** Queues tasks; runs them when told (or refuses them, like a shut-down executor). */
  static final class ManualExecutor implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    volatile boolean refusing;
    volatile boolean failing;

    @Override
    public synchronized void execute(Runnable task) {
      if (refusing) {
        throw new RejectedExecutionException("shut down");
      }
      tasks.add(task);
    }

    synchronized int queued() {
      return tasks.size();
    }

    void runAll() {
      Runnable task;
      while ((task = poll()) != null) {
        task.run();
      }
    }

    private synchronized Runnable poll() {
      return tasks.poll();
    }
  }

  static final class RecordingSink<T> implements StreamSink<T> {
    final List<T> sent = new ArrayList<>();
    int keepAlives;
    boolean completed;
    boolean broken;

    @Override
    public void send(T state) {
      if (broken) {
        throw new IllegalStateException("client gone");
      }
      sent.add(state);
    }

    @Override
    public void keepAlive() {
      if (broken) {
        throw new IllegalStateException("client gone");
      }
      keepAlives++;
    }

    @Override
    public void complete() {
      completed = true;
    }

    List<JobStatus> statuses() {
      return sent.stream().map(state -> ((Job) state).status()).toList();
    }
  }
}
