package io.fetchq.ops.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBuffersTest {

  @Test
  void theMapperAndItsCopiesTakeBuffersFromTheSharedPoolAndStillWork() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    assertThat(mapper.getFactory()._getRecyclerPool())
        .as("Jackson's default")
        .isNotSameAs(JsonRecyclerPools.sharedConcurrentDequePool());

    JsonBuffers.shareAcrossThreads(mapper);
    ObjectMapper copy = mapper.copy();

    assertThat(mapper.getFactory()._getRecyclerPool())
        .isSameAs(JsonRecyclerPools.sharedConcurrentDequePool());
    assertThat(copy.getFactory()._getRecyclerPool())
        .isSameAs(JsonRecyclerPools.sharedConcurrentDequePool());
    String json = mapper.writeValueAsString(Map.of("a", "b"));
    assertThat(copy.readTree(json).get("a").asText()).isEqualTo("b");
  }
}
