package io.fetchq.api.jobs.usecase;

import java.util.function.Supplier;

/** Runs work in one database transaction: all of it commits, or none of it. */
@FunctionalInterface
public interface Transactions {

  /** Runs {@code work} in a transaction and returns its result; rolls back if it throws. */
  <T> T inTransaction(Supplier<T> work);
}
