package io.fetchq.api.callbacks.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fetchq.api.callbacks.domain.CallbackDeadLetterFilter;
import io.fetchq.api.deadletters.domain.KeysetCursor;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.web.FieldViolation;
import io.fetchq.api.web.InvalidFieldsException;
import io.fetchq.api.web.InvalidParametersException;
import io.fetchq.api.web.ParameterViolation;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallbackDeadLetterQueryTest {

  private static final UUID TENANT = UUID.fromString("0190f5c2-0000-7000-8000-0000000000aa");

  @Test
  void absentOrEmptyParametersMeanEverythingFromTheNewest() {
    assertThat(CallbackDeadLetterQuery.parse(null, null, null, null, null, null))
        .isEqualTo(new CallbackDeadLetterQuery(CallbackDeadLetterFilter.all(), null, 50));
    assertThat(CallbackDeadLetterQuery.parse("", "", "", "", "", ""))
        .isEqualTo(new CallbackDeadLetterQuery(CallbackDeadLetterFilter.all(), null, 50));
  }

  @Test
  void parsesEveryParameter() {
    KeysetCursor cursor = new KeysetCursor(Instant.parse("2026-11-20T08:00:00Z"), TENANT);

    CallbackDeadLetterQuery query =
        CallbackDeadLetterQuery.parse(
            TENANT.toString(),
            "batch.completed",
            "2026-11-20T10:00:00+02:00",
            "2026-11-21T00:00:00Z",
            "200",
            cursor.encode());

    assertThat(query)
        .isEqualTo(
            new CallbackDeadLetterQuery(
                new CallbackDeadLetterFilter(
                    new TenantId(TENANT),
                    "batch.completed",
                    Instant.parse("2026-11-20T08:00:00Z"),
                    Instant.parse("2026-11-21T00:00:00Z")),
                cursor,
                200));
  }

  @Test
  void namesEveryBadParameterAtOnce() {
    assertThatThrownBy(
            () ->
                CallbackDeadLetterQuery.parse(
                    "acme", "job.started", "yesterday", "2026-11-20", "0", "AAAA"))
        .isInstanceOfSatisfying(
            InvalidParametersException.class,
            e ->
                assertThat(e.violations())
                    .extracting(ParameterViolation::parameter)
                    .containsExactly("tenantId", "type", "since", "until", "limit", "cursor"));
    assertThatThrownBy(
            () ->
                CallbackDeadLetterQuery.parse(
                    null, null, "2026-11-21T00:00:00Z", "2026-11-20T00:00:00Z", "201", null))
        .isInstanceOfSatisfying(
            InvalidParametersException.class,
            e ->
                assertThat(e.violations())
                    .extracting(ParameterViolation::parameter)
                    .containsExactly("until", "limit"));
  }

  @Test
  void aBulkFilterPointsAtItsBadFields() {
    assertThat(CallbackDeadLetterQuery.filter(new CallbackFilterBody(null, null, null, null)))
        .isEqualTo(CallbackDeadLetterFilter.all());
    assertThat(
            CallbackDeadLetterQuery.filter(
                new CallbackFilterBody(TENANT.toString(), "job.failed", null, null)))
        .isEqualTo(new CallbackDeadLetterFilter(new TenantId(TENANT), "job.failed", null, null));
    assertThatThrownBy(
            () ->
                CallbackDeadLetterQuery.filter(
                    new CallbackFilterBody(TENANT.toString().toUpperCase() + "x", "x", "soon", "")))
        .isInstanceOfSatisfying(
            InvalidFieldsException.class,
            e ->
                assertThat(e.violations())
                    .extracting(FieldViolation::pointer)
                    .containsExactly(
                        "/filter/tenantId", "/filter/type", "/filter/since", "/filter/until"));
  }
}
