package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.DeadLetter;
import io.fetchq.api.deadletters.domain.DeadLetterFilter;
import io.fetchq.api.deadletters.domain.DeadLetterId;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * Where dead-letter entries are kept. The workers record them; the API reads them and records
 * replays.
 */
public interface DeadLetterRepository {

  /** The entry {@code id} whatever its tenant (operators), or empty. */
  Optional<DeadLetter> find(DeadLetterId id);

  /**
   * The entry {@code id} if {@code tenant} owns it; empty otherwise (another tenant's included).
   */
  Optional<DeadLetter> find(TenantId tenant, DeadLetterId id);

  /**
   * The entry {@code id}, its row locked until the caller's transaction ends ({@code SELECT ... FOR
   * UPDATE}), so concurrent replays of one entry serialise. Must run inside the caller's
   * transaction.
   */
  Optional<DeadLetter> lock(DeadLetterId id);

  /**
   * Stores {@code entry}: inserts it, or overwrites the entry with its id. Must run inside the
   * caller's transaction.
   */
  void save(DeadLetter entry);

  /**
   * Up to {@code limit} entries matching {@code filter}, newest failure first ({@code failed_at}
   * descending, then id descending), starting after {@code after} (null: from the newest).
   */
  List<DeadLetter> list(DeadLetterFilter filter, KeysetCursor after, int limit);

  /**
   * Removes the entry {@code id}; its job is left as it is. Must run inside the caller's
   * transaction.
   *
   * @return whether an entry was removed
   */
  boolean delete(DeadLetterId id);
}
