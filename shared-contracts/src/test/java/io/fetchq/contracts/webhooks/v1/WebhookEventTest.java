package io.fetchq.contracts.webhooks.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookEventTest {

  private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"job.completed", "job.failed", "job.cancelled", "batch.completed"})
  void acceptsTheContractsTypes(String type) {
    assertThat(new WebhookEvent(type, AT, Map.of("id", "x")).type()).isEqualTo(type);
  }

  @Test
  void refusesAnUnknownType() {
    assertThatThrownBy(() -> new WebhookEvent("job.running", AT, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job.running");
  }

  @Test
  void refusesMissingParts() {
    assertThatThrownBy(() -> new WebhookEvent(null, AT, Map.of()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new WebhookEvent(WebhookEvent.JOB_FAILED, null, Map.of()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new WebhookEvent(WebhookEvent.JOB_FAILED, AT, null))
        .isInstanceOf(NullPointerException.class);
  }
}
