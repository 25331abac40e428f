package io.fetchq.api.callbacks.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fetchq.api.callbacks.domain.NewWebhookEvent;
import io.fetchq.api.callbacks.domain.WebhookEventId;
import io.fetchq.api.callbacks.usecase.CallbackDispatches;
import io.fetchq.api.callbacks.usecase.PrepareWebhookEvents;
import io.fetchq.api.callbacks.usecase.WebhookEventStore;
import io.fetchq.api.jobs.domain.JobId;
import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.contracts.DatabaseChannels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookEventPreparerTest {

  private static final Duration LONG = Duration.ofHours(1);

  /** New events waiting; every lock takes up to the limit of them. */
  private final AtomicInteger waiting = new AtomicInteger();

  private final AtomicInteger batches = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final List<WebhookEventPreparer> started = new ArrayList<>();

  private final WebhookEventStore store =
      new WebhookEventStore() {
        @Override
        public List<NewWebhookEvent> lockNew(int limit) {
          batches.incrementAndGet();
          if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("database down");
          }
          List<NewWebhookEvent> taken = new ArrayList<>();
          while (taken.size() < limit && waiting.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            taken.add(
                new NewWebhookEvent(
                    new WebhookEventId(UUID.randomUUID()),
                    TenantId.SYSTEM,
                    "job.completed",
                    new JobId(UUID.randomUUID()),
                    null,
                    "https://hooks.example/",
                    Instant.EPOCH));
          }
          return taken;
        }

        @Override
        public void markQueued(WebhookEventId id, String payload, Instant now) {}

        @Override
        public void markFailed(WebhookEventId id, String error, Instant now) {}
      };

  private final CallbackDispatches dispatches = messages -> {};

  private WebhookEventPreparer preparer(Duration pollInterval) {
    PrepareWebhookEvents prepare =
        new PrepareWebhookEvents(
            store,
            event -> Optional.of("{}"),
            dispatches,
            new FakeTransactions(),
            Clock.systemUTC(),
            10);
    WebhookEventPreparer preparer = new WebhookEventPreparer(prepare, pollInterval);
    started.add(preparer);
    return preparer;
  }

  @AfterEach
  void stopAll() {
    started.forEach(WebhookEventPreparer::stop);
  }

  @Test
  void followsTheWebhookEventsChannel() {
    assertThat(preparer(LONG).channel()).isEqualTo(DatabaseChannels.WEBHOOK_EVENTS);
  }

  @Test
  void preparesAtStartThenOnEveryNotificationAndResync() {
    WebhookEventPreparer preparer = preparer(LONG);
    preparer.start();
    preparer.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> batches.get() == 1);
    assertThat(preparer.isRunning()).isTrue();

    waiting.set(3);
    preparer.changed("some-event-id");
    await().atMost(Duration.ofSeconds(5)).until(() -> batches.get() == 2);
    assertThat(waiting.get()).isZero();

    preparer.resync();
    await().atMost(Duration.ofSeconds(5)).until(() -> batches.get() == 3);
  }

  @Test
  void loopsWithoutWaitingWhileBatchesComeBackFull() {
    waiting.set(35);
    WebhookEventPreparer preparer = preparer(LONG);

    preparer.start();

    // 10 + 10 + 10 + 5: the short fourth batch ends the run; no notification was needed.
    await().atMost(Duration.ofSeconds(5)).until(() -> batches.get() == 4);
    assertThat(waiting.get()).isZero();
  }

  @Test
  void pollsWithoutNotificationsAndSurvivesAFailingBatch() {
    failures.set(1);
    WebhookEventPreparer preparer = preparer(Duration.ofMillis(50));

    preparer.start();
    waiting.set(2);

    await().atMost(Duration.ofSeconds(5)).until(() -> waiting.get() == 0 && batches.get() >= 3);
    preparer.stop();
    assertThat(preparer.isRunning()).isFalse();
    int after = batches.get();
    preparer.stop();
    assertThat(batches.get()).isEqualTo(after);
  }

  @Test
  void refusesANonPositivePollInterval() {
    assertThatThrownBy(() -> preparer(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
