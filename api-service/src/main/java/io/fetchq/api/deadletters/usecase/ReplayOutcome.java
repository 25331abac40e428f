package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.DeadLetter;
import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.jobs.domain.Job;
import java.util.Objects;

/** What became of a {@link ReplayDeadLetterCommand}. Expected refusals are values. */
public sealed interface ReplayOutcome {

  /**
   * The job is {@code queued} again in its next generation, its first attempt enqueued; the entry
   * records the replay.
   */
  record Replayed(Job job, DeadLetter entry) implements ReplayOutcome {
    public Replayed {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(entry, "entry");
    }
  }

  /** No such entry (for the command's tenant, when it names one). */
  record NotFound(DeadLetterId id) implements ReplayOutcome {
    public NotFound {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * The entry cannot be replayed now: it was replayed already and its job has not failed again, or
   * its job is not {@code failed}. Nothing changed.
   *
   * @param reason a client-facing explanation
   */
  record NotReplayable(DeadLetterId id, String reason) implements ReplayOutcome {
    public NotReplayable {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
