package io.fetchq.api.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's error page: whatever fails outside Spring MVC (a servlet filter, the container)
 * is forwarded to {@code /error} and answered here as a problem, never as HTML or Boot's default
 * JSON, and never with the exception's message.
 */
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

  private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

  @RequestMapping
  public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    int status =
        request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
            ? code
            : 500;
    Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    if (status >= 500) {
      log.error(
          "request failed status={} path={}",
          status,
          path,
          exception instanceof Throwable t ? t : null);
    } else {
      log.warn("request rejected status={} path={}", status, path);
    }
    HttpHeaders headers = new HttpHeaders();
    if (status == 401) {
      headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"fetchq\"");
    }
    return Problems.response(Problems.forStatus(status), headers);
  }
}
