package io.fetchq.api.web.security;

import io.fetchq.api.web.ProblemType;
import io.fetchq.api.web.ProblemWriter;
import io.fetchq.api.web.Problems;
import io.fetchq.api.web.security.ApiKeyAuthenticationFilter.KeyFailure;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request that needs an API key and has no valid one: 401, {@code WWW-Authenticate:
 * Bearer}, and a problem saying whether the key was missing, malformed or not recognised.
 */
public final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

  private static final Logger log = LoggerFactory.getLogger(ProblemAuthenticationEntryPoint.class);

  private final ProblemWriter problems;

  public ProblemAuthenticationEntryPoint(ProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
      throws IOException {
    KeyFailure failure =
        request.getAttribute(ApiKeyAuthenticationFilter.FAILURE_ATTRIBUTE) instanceof KeyFailure f
            ? f
            : null;
    String detail =
        failure == null
            ? Problems.genericDetail(ProblemType.UNAUTHORIZED)
            : switch (failure) {
              case MALFORMED -> "The Authorization header must be 'Bearer <key>'.";
              case INVALID -> "The API key is not valid.";
            };
    String challenge =
        failure == null
            ? "Bearer realm=\"fetchq\""
            : "Bearer realm=\"fetchq\", error=\"invalid_token\"";
    log.warn(
        "request rejected status=401 method={} path={} reason={}",
        request.getMethod(),
        request.getRequestURI(),
        failure == null ? "missing_key" : failure.name().toLowerCase(Locale.ROOT));
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
    problems.write(response, Problems.problem(ProblemType.UNAUTHORIZED, detail));
  }
}
