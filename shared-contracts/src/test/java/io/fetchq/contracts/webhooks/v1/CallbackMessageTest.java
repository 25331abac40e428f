package io.fetchq.contracts.webhooks.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallbackMessageTest {

  private static final UUID EVENT = UUID.randomUUID();
  private static final UUID TENANT = UUID.randomUUID();
  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  @Test
  void holdsAValidMessage() {
    CallbackMessage message = new CallbackMessage(EVENT, TENANT, 3, "hooks.example", NOW);

    assertThat(message.attempt()).isEqualTo(3);
    assertThat(message.host()).isEqualTo("hooks.example");
    assertThat(CallbackMessage.TYPE).isEqualTo("callback.v1");
  }

  @Test
  void refusesAttemptBelowOne() {
    assertThatThrownBy(() -> new CallbackMessage(EVENT, TENANT, 0, "h", NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempt");
  }

  @Test
  void refusesMissingFields() {
    assertThatThrownBy(() -> new CallbackMessage(null, TENANT, 1, "h", NOW))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new CallbackMessage(EVENT, null, 1, "h", NOW))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new CallbackMessage(EVENT, TENANT, 1, null, NOW))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new CallbackMessage(EVENT, TENANT, 1, "h", null))
        .isInstanceOf(NullPointerException.class);
  }
}
