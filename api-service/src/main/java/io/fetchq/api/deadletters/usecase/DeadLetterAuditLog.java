package io.fetchq.api.deadletters.usecase;

import io.fetchq.api.deadletters.domain.AuditEntry;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.List;

/** The audit log of dead-letter operations. Append-only. */
public interface DeadLetterAuditLog {

  /** Appends {@code entry}. Must run inside the transaction of the operation it records. */
  void record(AuditEntry entry);

  /**
   * Up to {@code limit} entries, newest first, after {@code after} (null: from the newest); only
   * those affecting {@code scope} when it is not null.
   */
  List<AuditEntry> list(TenantId scope, KeysetCursor after, int limit);
}
