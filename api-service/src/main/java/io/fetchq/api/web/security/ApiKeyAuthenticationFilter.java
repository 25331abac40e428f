package io.fetchq.api.web.security;

import io.fetchq.api.web.LogContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer <key>} and, when the key is valid, puts the caller in the
 * security context for this request only (stateless). A missing, malformed or invalid key leaves
 * the request anonymous and records why ({@link #FAILURE_ATTRIBUTE}), so open endpoints still work
 * and protected ones answer 401 through {@link ProblemAuthenticationEntryPoint}.
 */
public final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  /** Request attribute holding the {@link KeyFailure} of a presented but refused key. */
  public static final String FAILURE_ATTRIBUTE =
      ApiKeyAuthenticationFilter.class.getName() + ".failure";

  private static final String SCHEME = "bearer ";

  /** Why a presented key did not authenticate. */
  public enum KeyFailure {
    MALFORMED,
    INVALID
  }

  private final AuthenticationManager authenticationManager;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  public ApiKeyAuthenticationFilter(AuthenticationManager authenticationManager) {
    this.authenticationManager = authenticationManager;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    String tenant = null;
    if (header != null) {
      Optional<String> key = bearerKey(header);
      if (key.isEmpty()) {
        request.setAttribute(FAILURE_ATTRIBUTE, KeyFailure.MALFORMED);
      } else {
        tenant = authenticate(key.get(), request);
      }
    }
    if (tenant == null) {
      chain.doFilter(request, response);
      return;
    }
    // the caller's tenant in every log line of this request, removed even when the chain throws
    MDC.put(LogContext.TENANT_ID, tenant);
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove(LogContext.TENANT_ID);
    }
  }

  /** Authenticates {@code key}; returns the caller's tenant id, null when refused. */
  private String authenticate(String key, HttpServletRequest request) {
    try {
      Authentication result =
          authenticationManager.authenticate(ApiKeyAuthentication.unauthenticated(key));
      SecurityContext context = contexts.createEmptyContext();
      context.setAuthentication(result);
      contexts.setContext(context);
      return result.getName();
    } catch (AuthenticationException e) {
      contexts.clearContext();
      request.setAttribute(FAILURE_ATTRIBUTE, KeyFailure.INVALID);
      return null;
    }
  }

  /**
   * The key of a {@code Bearer} header (scheme case-insensitive, RFC 9110): one run of visible
   * ASCII characters after the scheme; empty for anything else.
   */
  static Optional<String> bearerKey(String header) {
    if (header.length() <= SCHEME.length()
        || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return Optional.empty();
    }
    String key = header.substring(SCHEME.length()).strip();
    if (key.isEmpty() || !key.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      return Optional.empty();
    }
    return Optional.of(key);
  }
}
