package io.fetchq.api.callbacks.usecase;

import io.fetchq.api.jobs.usecase.FakeTransactions;
import io.fetchq.contracts.webhooks.v1.CallbackMessage;
import java.util.ArrayList;
import java.util.List;

/** Remembers every message enqueued, and refuses one enqueued outside a transaction. */
final class RecordingCallbackDispatches implements CallbackDispatches {

  private final FakeTransactions transactions;
  private final List<CallbackMessage> messages = new ArrayList<>();

  RecordingCallbackDispatches(FakeTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public synchronized void enqueueAll(List<CallbackMessage> enqueued) {
    if (!transactions.isActive()) {
      throw new IllegalStateException("enqueued outside a transaction");
    }
    messages.addAll(enqueued);
  }

  synchronized List<CallbackMessage> messages() {
    return List.copyOf(messages);
  }
}
