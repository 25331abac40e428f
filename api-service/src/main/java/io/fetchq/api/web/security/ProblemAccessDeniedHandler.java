package io.fetchq.api.web.security;

import io.fetchq.api.web.ProblemType;
import io.fetchq.api.web.ProblemWriter;
import io.fetchq.api.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/** Answers an authenticated caller whose key lacks the scope: 403 problem. */
public final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemAccessDeniedHandler.class);

  private final ProblemWriter problems;

  public ProblemAccessDeniedHandler(ProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
      throws IOException {
    log.warn(
        "request rejected status=403 method={} path={}",
        request.getMethod(),
        request.getRequestURI());
    problems.write(
        response,
        Problems.problem(ProblemType.FORBIDDEN, Problems.genericDetail(ProblemType.FORBIDDEN)));
  }
}
