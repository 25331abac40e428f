package io.fetchq.api.ratelimit.web;

import io.fetchq.api.ratelimit.domain.RateLimitDecision;
import io.fetchq.api.ratelimit.domain.RateLimitStatus;
import io.fetchq.api.ratelimit.usecase.RateLimiter;
import io.fetchq.api.tenants.domain.TenantId;
import java.util.Objects;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The {@link RateLimiter} handed to use cases: it leaves each decision in the current HTTP request
 * (when there is one) so that {@link RateLimitHeadersFilter} reports the bucket as the decision
 * left it, and sets {@code Retry-After} on a refusal, without another round trip and without the
 * use cases knowing about HTTP.
 */
public final class RequestRecordingRateLimiter implements RateLimiter {

  private final RateLimiter delegate;

  public RequestRecordingRateLimiter(RateLimiter delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public RateLimitDecision acquire(TenantId tenant, int cost) {
    RateLimitDecision decision = delegate.acquire(tenant, cost);
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request != null) {
      request.setAttribute(
          RateLimitHeadersFilter.DECISION_ATTRIBUTE, decision, RequestAttributes.SCOPE_REQUEST);
    }
    return decision;
  }

  @Override
  public RateLimitStatus peek(TenantId tenant) {
    return delegate.peek(tenant);
  }
}
