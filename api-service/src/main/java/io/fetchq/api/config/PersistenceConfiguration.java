package io.fetchq.api.config;

import io.fetchq.api.deadletters.persistence.JdbcDeadLetterRepository;
import io.fetchq.api.deadletters.usecase.DeadLetterRepository;
import io.fetchq.api.jobs.persistence.JdbcJobAttemptRepository;
import io.fetchq.api.jobs.persistence.TransactionTemplateTransactions;
import io.fetchq.api.jobs.usecase.JobAttemptRepository;
import io.fetchq.api.jobs.usecase.Transactions;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * JPA for the API. Entities and Spring Data repositories are looked up under {@code io.fetchq.api}
 * explicitly, not under the main class's package: the standalone application's main class lives
 * elsewhere. The {@code JobRepository} adapter is a component of its own package, because its
 * Spring Data repository is package-private. Tables the API only reads or updates in place ({@code
 * job_attempts}, {@code dead_letters}) use plain JDBC, which joins the JPA transaction.
 */
@Configuration(proxyBeanMethods = false)
@EntityScan(basePackages = "io.fetchq.api")
@EnableJpaRepositories(basePackages = "io.fetchq.api")
public class PersistenceConfiguration {

  /**
   * Transactions of the use cases, on Boot's JPA transaction manager: JPA and JDBC (the outbox)
   * share each transaction's connection.
   */
  @Bean
  Transactions apiTransactions(PlatformTransactionManager transactionManager) {
    return new TransactionTemplateTransactions(new TransactionTemplate(transactionManager));
  }

  @Bean
  JobAttemptRepository apiJobAttemptRepository(DataSource dataSource) {
    return new JdbcJobAttemptRepository(dataSource);
  }

  @Bean
  DeadLetterRepository apiDeadLetterRepository(DataSource dataSource) {
    return new JdbcDeadLetterRepository(dataSource);
  }
}
