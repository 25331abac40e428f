package io.fetchq.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import io.fetchq.worker.WorkerIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every fetch and webhook delivery runs on a new virtual thread, so Jackson's per-thread buffer
 * pool would allocate per message: the worker's mapper takes buffers from the shared pool. It reads
 * the instants of its messages with {@code IsoInstants}' fast path.
 */
class JsonBuffersIT extends WorkerIntegrationTest {

  @Test
  void theMapperTakesBuffersFromOneSharedPool() {
    assertThat(json.getFactory()._getRecyclerPool())
        .isSameAs(JsonRecyclerPools.sharedConcurrentDequePool());
  }

  @Test
  void theMapperReadsTheInstantsOfAJobMessageWithTheFastPath() throws Exception {
    DefaultDeserializationContext context =
        ((DefaultDeserializationContext) json.getDeserializationContext())
            .createDummyInstance(json.getDeserializationConfig());
    BeanDeserializerBase message =
        (BeanDeserializerBase)
            context.findRootValueDeserializer(json.constructType(FetchJobMessage.class));

    for (String property : List.of("enqueuedAt", "notBefore")) {
      assertThat(message.findProperty(property).getValueDeserializer().getClass().getSimpleName())
          .as(property)
          .isEqualTo("FastInstantDeserializer");
    }
  }
}
