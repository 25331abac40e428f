package io.fetchq.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fetchq.api.batches.persistence.JdbcBatchRepository;
import io.fetchq.api.batches.usecase.BatchRepository;
import io.fetchq.api.jobs.persistence.JdbcJobListing;
import io.fetchq.api.jobs.usecase.JobListing;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The JDBC adapters of batches and job listings. They run on the use cases' transaction's
 * connection (JDBC joins the JPA transaction), so a batch row commits with its jobs.
 */
@Configuration(proxyBeanMethods = false)
public class BatchPersistenceConfiguration {

  @Bean
  BatchRepository apiBatchRepository(DataSource dataSource) {
    return new JdbcBatchRepository(dataSource);
  }

  @Bean
  JobListing apiJobListing(DataSource dataSource, ObjectMapper json) {
    return new JdbcJobListing(dataSource, json);
  }
}
