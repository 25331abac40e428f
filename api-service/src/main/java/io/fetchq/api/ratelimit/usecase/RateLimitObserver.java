package io.fetchq.api.ratelimit.usecase;

import io.fetchq.api.ratelimit.domain.LimitScope;

/** What the rate limiter reports for metrics. Implementations must be cheap and never throw. */
public interface RateLimitObserver {

  /** A request was refused by the {@code scope} bucket. */
  void refused(LimitScope scope);

  /** The limiter switched to per-instance buckets ({@code true}) or back to Redis. */
  void fallbackChanged(boolean fallback);

  /** A script call to the shared buckets carried {@code requests} requests' takes. */
  void redisCall(int requests);

  /** Reports nothing. */
  RateLimitObserver NONE =
      new RateLimitObserver() {
        @Override
        public void refused(LimitScope scope) {}

        @Override
        public void fallbackChanged(boolean fallback) {}

        @Override
        public void redisCall(int requests) {}
      };
}
