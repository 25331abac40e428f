package io.fetchq.api.jobs.usecase;

import io.fetchq.contracts.jobs.v1.FetchJobMessage;
import java.util.ArrayList;
import java.util.List;

/** Records enqueued messages; refuses enqueues outside a {@link FakeTransactions} transaction. */
public final class RecordingJobDispatches implements JobDispatches {

  private final FakeTransactions transactions;
  private final List<FetchJobMessage> messages = new ArrayList<>();

  public RecordingJobDispatches(FakeTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public synchronized void enqueue(FetchJobMessage message) {
    if (!transactions.isActive()) {
      throw new IllegalStateException("enqueue outside a transaction");
    }
    messages.add(message);
  }

  public synchronized List<FetchJobMessage> messages() {
    return List.copyOf(messages);
  }

  public synchronized void clear() {
    messages.clear();
  }
}
