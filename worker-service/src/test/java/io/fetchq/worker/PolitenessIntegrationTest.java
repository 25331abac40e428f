package io.fetchq.worker;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The second (and last) Spring context of the worker's integration tests, with its own broker: the
 * per-host limit at 2, a small per-host waiting queue, and the production breaker settings. The
 * shared context keeps breakers practically closed, so that its tests' deliberate failures against
 * {@code 127.0.0.1} never defer their jobs.
 */
public abstract class PolitenessIntegrationTest extends WorkerIntegrationTest {

  protected static final int MAX_PER_HOST = 2;

  @DynamicPropertySource
  static void politeness(DynamicPropertyRegistry registry) {
    registry.add("fetchq.worker.max-per-host", () -> MAX_PER_HOST);
    registry.add("fetchq.worker.host-queue.capacity", () -> 8);
    registry.add("fetchq.worker.host-queue.busy-delay", () -> "500ms");
    registry.add("fetchq.worker.breaker.sliding-window-size", () -> 20);
    registry.add("fetchq.worker.breaker.minimum-calls", () -> 10);
    registry.add("fetchq.worker.breaker.failure-rate-threshold", () -> 50);
  }
}
