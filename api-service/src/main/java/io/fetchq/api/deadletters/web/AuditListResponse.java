package io.fetchq.api.deadletters.web;

import io.fetchq.api.deadletters.domain.AuditEntry;
import io.fetchq.api.deadletters.usecase.Page;
import java.util.List;

/** A page of the audit log and the cursor of the next page (null on the last). */
public record AuditListResponse(List<AuditEntryResponse> items, String nextCursor) {

  static AuditListResponse of(Page<AuditEntry> page) {
    return new AuditListResponse(
        page.items().stream().map(AuditEntryResponse::of).toList(),
        page.next() == null ? null : page.next().encode());
  }
}
