package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.Objects;

/**
 * Asks to replay one dead-letter entry.
 *
 * @param deadLetterId the entry
 * @param tenant the only tenant whose entry may be replayed, or null for any tenant (an operator
 *     acting across tenants)
 */
public record ReplayDeadLetterCommand(DeadLetterId deadLetterId, TenantId tenant) {

  public ReplayDeadLetterCommand {
    Objects.requireNonNull(deadLetterId, "deadLetterId");
  }

  /** Replays entry {@code id} whichever tenant owns it. */
  public static ReplayDeadLetterCommand anyTenant(DeadLetterId id) {
    return new ReplayDeadLetterCommand(id, null);
  }

  /** Replays entry {@code id} only if {@code tenant} owns it. */
  public static ReplayDeadLetterCommand ofTenant(TenantId tenant, DeadLetterId id) {
    return new ReplayDeadLetterCommand(id, Objects.requireNonNull(tenant, "tenant"));
  }
}
