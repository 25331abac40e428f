package io.fetchq.api.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/**
 * Writes a problem directly to a servlet response, for code that runs outside Spring MVC (servlet
 * filters, Spring Security's entry point and access-denied handler).
 */
public final class ProblemWriter {

  private final ObjectMapper json =
      JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();

  /** Sets the status and content type from {@code problem} and writes it as the body. */
  public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    byte[] body = toJson(problem);
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }

  byte[] toJson(ProblemDetail problem) {
    try {
      return json.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem detail is always serializable", e);
    }
  }
}
