package io.fetchq.worker;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The second (and last) Spring context of the worker's integration tests, with its own broker: the
 * per-host limit at {@value #MAX_PER_HOST}, room for only {@value #MAX_WAITING} waiting records,
 * and breakers with the production window but a short open state.
 */
public abstract class PolitenessIntegrationTest extends WorkerIntegrationTest {

  protected static final int MAX_PER_HOST = 2;
  protected static final int MAX_WAITING = 4;
  protected static final String WAIT_IN_OPEN = "6s";

  @DynamicPropertySource
  static void politeness(DynamicPropertyRegistry registry) {
    registry.add("fetchq.worker.max-per-host", () -> MAX_PER_HOST);
    registry.add("fetchq.worker.max-waiting", () -> MAX_WAITING);
    registry.add("fetchq.worker.breaker.sliding-window-size", () -> 20);
    registry.add("fetchq.worker.breaker.minimum-calls", () -> 10);
    registry.add("fetchq.worker.breaker.failure-rate-threshold", () -> 50);
    registry.add("fetchq.worker.breaker.wait-in-open", () -> WAIT_IN_OPEN);
  }
}
