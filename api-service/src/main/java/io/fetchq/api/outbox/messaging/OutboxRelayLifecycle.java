package io.fetchq.api.outbox.messaging;

import io.fetchq.api.outbox.usecase.OutboxRelay;
import java.util.List;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the outbox relay with the context, after making sure its topics exist, and stops it after
 * the web server has finished its in-flight requests, so the jobs those requests accepted are
 * relayed before the producer closes.
 */
public final class OutboxRelayLifecycle implements SmartLifecycle {

  /** Before the web server starts (lower phases start first), after it stops (they stop last). */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final OutboxRelay relay;
  private final List<TopicCreator> topics;

  /**
   * @param topics the topics the relay publishes to (jobs, callbacks), created before it starts
   */
  public OutboxRelayLifecycle(OutboxRelay relay, List<TopicCreator> topics) {
    this.relay = Objects.requireNonNull(relay, "relay");
    this.topics = List.copyOf(topics);
  }

  @Override
  public void start() {
    topics.forEach(TopicCreator::ensureTopic);
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
