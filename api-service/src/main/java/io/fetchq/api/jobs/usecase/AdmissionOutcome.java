package io.fetchq.api.jobs.usecase;

import io.fetchq.api.idempotency.domain.IdempotencyKey;
import io.fetchq.api.ratelimit.domain.RateLimitDecision;
import java.util.Objects;
import java.util.UUID;

/** What {@link Admission#admit} did with a submission. */
public sealed interface AdmissionOutcome {

  /** The tokens were taken and the submission stored (with its key, if it had one). */
  record Stored() implements AdmissionOutcome {}

  /** The same request came before with this key: it created {@code resourceId}; nothing stored. */
  record Replayed(UUID resourceId) implements AdmissionOutcome {
    public Replayed {
      Objects.requireNonNull(resourceId, "resourceId");
    }
  }

  /** The key was used with a different request; nothing stored, no token taken. */
  record KeyReused(IdempotencyKey key) implements AdmissionOutcome {
    public KeyReused {
      Objects.requireNonNull(key, "key");
    }
  }

  /** A request with this key is still being processed; nothing stored, no token taken. */
  record KeyInFlight(IdempotencyKey key) implements AdmissionOutcome {
    public KeyInFlight {
      Objects.requireNonNull(key, "key");
    }
  }

  /** The tenant's or the global rate limit refused the cost; nothing stored, the key unused. */
  record RateLimited(RateLimitDecision decision) implements AdmissionOutcome {
    public RateLimited {
      Objects.requireNonNull(decision, "decision");
    }
  }
}
