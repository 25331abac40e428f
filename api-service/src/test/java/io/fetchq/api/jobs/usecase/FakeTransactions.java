package io.fetchq.api.jobs.usecase;

import java.util.function.Supplier;

/** Runs work directly and remembers whether it is inside a transaction and how many committed. */
public final class FakeTransactions implements Transactions {

  private boolean active;
  private int committed;
  private RuntimeException nextFailure;

  @Override
  public synchronized <T> T inTransaction(Supplier<T> work) {
    if (active) {
      throw new IllegalStateException("nested transaction");
    }
    active = true;
    try {
      if (nextFailure != null) {
        RuntimeException failure = nextFailure;
        nextFailure = null;
        throw failure;
      }
      T result = work.get();
      committed++;
      return result;
    } finally {
      active = false;
    }
  }

  public synchronized boolean isActive() {
    return active;
  }

  public synchronized int committed() {
    return committed;
  }

  /** Makes the next transaction fail with {@code failure} before any work runs. */
  public synchronized void failNext(RuntimeException failure) {
    nextFailure = failure;
  }

  public synchronized void reset() {
    committed = 0;
    nextFailure = null;
  }
}
