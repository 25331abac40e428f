package io.fetchq.api.outbox.messaging;

import io.fetchq.api.outbox.usecase.OutboxRelay;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the outbox relay with the context, after making sure its topic exists, and stops it after
 * the web server has finished its in-flight requests, so the jobs those requests accepted are
 * relayed before the producer closes.
 */
public final class OutboxRelayLifecycle implements SmartLifecycle {

  /** Before the web server starts (lower phases start first), after it stops (they stop last). */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final OutboxRelay relay;
  private final JobsTopicCreator topics;

  public OutboxRelayLifecycle(OutboxRelay relay, JobsTopicCreator topics) {
    this.relay = Objects.requireNonNull(relay, "relay");
    this.topics = Objects.requireNonNull(topics, "topics");
  }

  @Override
  public void start() {
    topics.ensureTopic();
    relay.start();
  }

  @Override
  public void stop() {
    relay.stop();
  }

  @Override
  public boolean isRunning() {
    return relay.isRunning();
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
