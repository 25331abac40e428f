package io.fetchq.api.jobs.persistence;

import io.fetchq.api.jobs.usecase.Transactions;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Transactions} on Spring's transaction manager. With the JPA transaction manager, JPA and
 * plain JDBC ({@code JdbcClient}, the outbox) share the transaction's connection, so a job row and
 * its outbox row commit or roll back together.
 */
public final class TransactionTemplateTransactions implements Transactions {

  private final TransactionTemplate template;

  public TransactionTemplateTransactions(TransactionTemplate template) {
    this.template = Objects.requireNonNull(template, "template");
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    return template.execute(status -> work.get());
  }
}
