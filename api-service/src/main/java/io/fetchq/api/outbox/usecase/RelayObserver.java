package io.fetchq.api.outbox.usecase;

import java.time.Duration;

/** What the relay reports for metrics. Implementations must be cheap and never throw. */
public interface RelayObserver {

  /** A batch of {@code size} messages (possibly 0) was relayed and committed in {@code took}. */
  void batchRelayed(int size, Duration took);

  /** A batch failed and was rolled back after {@code took}. */
  void batchFailed(Duration took);

  /**
   * Messages committed while the relay idled were acknowledged by the broker {@code latency} after
   * the commit woke the relay.
   */
  void wokenToAcked(Duration latency);

  /** Reports nothing. */
  RelayObserver NONE =
      new RelayObserver() {
        @Override
        public void batchRelayed(int size, Duration took) {}

        @Override
        public void batchFailed(Duration took) {}

        @Override
        public void wokenToAcked(Duration latency) {}
      };
}
