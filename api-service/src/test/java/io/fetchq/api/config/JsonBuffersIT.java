package io.fetchq.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.ApiIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Request threads are virtual, so Jackson's per-thread buffer pool would allocate on every request:
 * Boot's mapper and the API's JSON dialect (a copy of it) both take buffers from the shared pool.
 */
class JsonBuffersIT extends ApiIntegrationTest {

  @Autowired private RequestMappingHandlerAdapter mvc;

  @Test
  void bootsMapperAndEveryMvcJsonConverterTakeBuffersFromOneSharedPool() {
    List<ObjectMapper> mvcMappers =
        mvc.getMessageConverters().stream()
            .filter(MappingJackson2HttpMessageConverter.class::isInstance)
            .map(converter -> ((MappingJackson2HttpMessageConverter) converter).getObjectMapper())
            .toList();

    assertThat(mvcMappers).isNotEmpty();
    assertThat(json.getFactory()._getRecyclerPool())
        .isSameAs(JsonRecyclerPools.sharedConcurrentDequePool());
    assertThat(mvcMappers)
        .allSatisfy(
            mapper ->
                assertThat(mapper.getFactory()._getRecyclerPool())
                    .isSameAs(JsonRecyclerPools.sharedConcurrentDequePool()));
  }
}
