package io.fetchq.api.ratelimit.web;

import io.fetchq.api.ratelimit.domain.RateLimitDecision;
import io.fetchq.api.ratelimit.domain.RateLimitStatus;
import io.fetchq.api.ratelimit.usecase.RateLimiter;
import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.tenants.domain.TenantId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers-11) on every answer of
 * {@code /api/v1/jobs/**} and {@code /api/v1/batches/**} to an authenticated caller, whatever its
 * status, and {@code Retry-After} on a refusal:
 *
 * <pre>
 * RateLimit-Policy: "default";q=&lt;burst&gt;;w=&lt;seconds an empty bucket takes to fill&gt;
 * RateLimit: "default";r=&lt;whole tokens left&gt;;t=&lt;seconds until full, or Retry-After on a 429&gt;
 * </pre>
 *
 * <p>The fields describe the caller's tenant's bucket only; the global bucket is not disclosed
 * (draft section 8.2), except that a refusal by it shows {@code r=0}. When the request took tokens
 * the fields show the bucket as that decision left it (recorded by {@link
 * RequestRecordingRateLimiter}); otherwise (reads, cancels, requests rejected before the limiter)
 * the bucket is read without taking anything, one Redis round trip. The fields are written just
 * before the response is committed (first body write, error or redirect), so every path through the
 * application gets them. Answers sent before the caller is known (401, a 413 refused by size) carry
 * none: there is no bucket to report.
 *
 * <p>Runs inside the security chain, after authentication and before authorization, so a 403 for a
 * missing scope carries the fields too.
 */
public final class RateLimitHeadersFilter extends OncePerRequestFilter {

  /** The request attribute holding the request's {@link RateLimitDecision}, if it took tokens. */
  public static final String DECISION_ATTRIBUTE =
      RateLimitHeadersFilter.class.getName() + ".decision";

  /** The name of the one policy advertised. */
  static final String POLICY = "\"default\"";

  private static final Logger log = LoggerFactory.getLogger(RateLimitHeadersFilter.class);
  private static final String[] PATHS = {"/api/v1/jobs", "/api/v1/batches"};

  private final RateLimiter limiter;

  public RateLimitHeadersFilter(RateLimiter limiter) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    for (String prefix : PATHS) {
      if (path.equals(prefix) || path.startsWith(prefix + "/")) {
        return false;
      }
    }
    return true;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<TenantId> tenant = caller();
    if (tenant.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    HeaderWritingResponse wrapped =
        new HeaderWritingResponse(response, () -> writeFields(request, response, tenant.get()));
    chain.doFilter(request, wrapped);
    wrapped.beforeCommit();
  }

  private static Optional<TenantId> caller() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null
        && authentication.isAuthenticated()
        && authentication.getPrincipal() instanceof ApiPrincipal principal) {
      return Optional.of(principal.tenantId());
    }
    return Optional.empty();
  }

  private void writeFields(
      HttpServletRequest request, HttpServletResponse response, TenantId tenant) {
    if (response.isCommitted()) {
      return;
    }
    RateLimitDecision decision =
        request.getAttribute(DECISION_ATTRIBUTE) instanceof RateLimitDecision recorded
            ? recorded
            : null;
    RateLimitStatus status;
    if (decision != null) {
      status = decision.status();
    } else {
      try {
        status = limiter.peek(tenant);
      } catch (RuntimeException e) {
        log.debug("could not read the rate limit of tenant={}", tenant, e);
        return;
      }
    }
    response.setHeader("RateLimit-Policy", policy(status));
    response.setHeader("RateLimit", limit(status));
    if (decision instanceof RateLimitDecision.Refused refused) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfter().toSeconds()));
    }
  }

  /** The {@code RateLimit-Policy} field value of {@code status}' policy. */
  static String policy(RateLimitStatus status) {
    return POLICY + ";q=" + status.policy().burst() + ";w=" + status.windowSeconds();
  }

  /** The {@code RateLimit} field value of {@code status}. */
  static String limit(RateLimitStatus status) {
    return POLICY + ";r=" + status.remaining() + ";t=" + status.resetSeconds();
  }

  /** Runs an action once, just before the wrapped response is first written to or committed. */
  static final class HeaderWritingResponse extends HttpServletResponseWrapper {

    private final Runnable beforeCommit;
    private boolean done;

    HeaderWritingResponse(HttpServletResponse response, Runnable beforeCommit) {
      super(response);
      this.beforeCommit = beforeCommit;
    }

    void beforeCommit() {
      if (!done) {
        done = true;
        beforeCommit.run();
      }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      beforeCommit();
      return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      beforeCommit();
      return super.getWriter();
    }

    @Override
    public void flushBuffer() throws IOException {
      beforeCommit();
      super.flushBuffer();
    }

    @Override
    public void sendError(int sc) throws IOException {
      beforeCommit();
      super.sendError(sc);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
      beforeCommit();
      super.sendError(sc, msg);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
      beforeCommit();
      super.sendRedirect(location);
    }
  }
}
