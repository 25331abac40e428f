package io.fetchq.api.idempotency.usecase;

import io.fetchq.api.idempotency.domain.IdempotencyKey;
import java.util.Objects;
import java.util.UUID;

/** What became of a request with an idempotency key ({@link ExecuteIdempotently}). */
public sealed interface IdempotencyOutcome {

  /** First use of the key: the work ran and committed with the key; it created {@code id}. */
  record Executed(UUID resourceId) implements IdempotencyOutcome {
    public Executed {
      Objects.requireNonNull(resourceId, "resourceId");
    }
  }

  /** The same request was made with this key before: answer with what it created (200). */
  record Replayed(UUID resourceId) implements IdempotencyOutcome {
    public Replayed {
      Objects.requireNonNull(resourceId, "resourceId");
    }
  }

  /** The key was used with a different request (422). Nothing ran. */
  record KeyReused(IdempotencyKey key) implements IdempotencyOutcome {
    public KeyReused {
      Objects.requireNonNull(key, "key");
    }
  }

  /** Another request with this key is being processed right now (409). Nothing ran. */
  record InFlight(IdempotencyKey key) implements IdempotencyOutcome {
    public InFlight {
      Objects.requireNonNull(key, "key");
    }
  }
}
