package io.fetchq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.fetchq.worker.WorkerIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Every fetch and webhook delivery runs on a new virtual thread, so Jackson's per-thread buffer
 * pool would allocate per message: the worker's mapper takes buffers from the shared pool.
 */
class JsonBuffersIT extends WorkerIntegrationTest {

  @Test
  void theMapperTakesBuffersFromOneSharedPool() {
    assertThat(json.getFactory()._getRecyclerPool())
        .isSameAs(JsonRecyclerPools.sharedConcurrentDequePool());
  }
}
