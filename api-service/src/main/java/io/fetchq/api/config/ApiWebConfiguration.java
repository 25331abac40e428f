package io.fetchq.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.jobs.web.JobResponseMapper;
import io.fetchq.api.web.ApiJson;
import io.fetchq.api.web.LogContextInterceptor;
import io.fetchq.api.web.PlainTraversal;
import io.fetchq.api.web.ProblemWriter;
import io.fetchq.api.web.RequestSizeLimitFilter;
import io.fetchq.api.web.SizedJsonHttpMessageConverter;
import io.fetchq.ops.json.JsonBuffers;
import java.util.List;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.autoconfigure.validation.ValidationConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The HTTP side of the API: its JSON dialect, request size limits, response rendering. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
public class ApiWebConfiguration {

  /**
   * The largest JSON response serialized in memory and sent with its length: every job as GET or
   * submit shows it, unless its stored result is large; larger ones stream.
   */
  static final int SIZED_RESPONSE_LIMIT = 64 * 1024;

  /** Request records are not JPA entities: no reachability lookups ({@link PlainTraversal}). */
  @Bean
  ValidationConfigurationCustomizer apiPlainTraversal() {
    return configuration -> configuration.traversableResolver(new PlainTraversal());
  }

  @Bean
  ProblemWriter apiProblemWriter() {
    return new ProblemWriter();
  }

  /** Runs before Spring Security, so an oversized body is refused before anything reads it. */
  @Bean
  FilterRegistrationBean<RequestSizeLimitFilter> apiRequestSizeLimitFilter(
      ApiProperties properties, ProblemWriter problems) {
    RequestSizeLimitFilter filter =
        new RequestSizeLimitFilter(
            properties.maxRequestSize().jobs().toBytes(),
            properties.maxRequestSize().batches().toBytes(),
            problems);
    FilterRegistrationBean<RequestSizeLimitFilter> registration =
        new FilterRegistrationBean<>(filter);
    registration.setName("apiRequestSizeLimitFilter");
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
    return registration;
  }

  /** Jackson's buffers from one shared pool, not per (virtual) thread ({@link JsonBuffers}). */
  @Bean
  Jackson2ObjectMapperBuilderCustomizer apiSharedJsonBuffers() {
    return builder -> builder.postConfigurer(JsonBuffers::shareAcrossThreads);
  }

  /**
   * Spring MVC reads and writes JSON with the API dialect ({@link ApiJson}); Boot's mapper itself
   * stays as it is for Kafka messages and the database. Responses of up to {@link
   * #SIZED_RESPONSE_LIMIT} bytes carry a {@code Content-Length} and go out in one write ({@link
   * SizedJsonHttpMessageConverter}).
   */
  @Bean
  WebMvcConfigurer apiJsonDialect(ObjectMapper objectMapper) {
    ObjectMapper api = ApiJson.configure(objectMapper.copy());
    return new WebMvcConfigurer() {
      @Override
      public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.replaceAll(
            converter ->
                converter instanceof MappingJackson2HttpMessageConverter
                    ? new SizedJsonHttpMessageConverter(api, SIZED_RESPONSE_LIMIT)
                    : converter);
      }
    };
  }

  /** The job or batch a request is about, in the MDC of its log lines. */
  @Bean
  WebMvcConfigurer apiLogContext() {
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new LogContextInterceptor());
      }
    };
  }

  @Bean
  JobResponseMapper apiJobResponseMapper(ApiProperties properties) {
    return new JobResponseMapper(properties.sensitiveHeaders());
  }
}
