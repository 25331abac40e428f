package io.fetchq.api.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Notes the type of every problem Spring MVC writes in a request attribute ({@link
 * SubmissionMetricsFilter#PROBLEM_TYPE}), so that metrics can say why a request was refused without
 * reading the body. Problems written outside MVC (security, size limit) are recognised by status.
 */
@RestControllerAdvice
public class ProblemTypeRecorder implements ResponseBodyAdvice<Object> {

  @Override
  public boolean supports(
      MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object beforeBodyWrite(
      Object body,
      MethodParameter returnType,
      MediaType selectedContentType,
      Class<? extends HttpMessageConverter<?>> selectedConverterType,
      ServerHttpRequest request,
      ServerHttpResponse response) {
    if (body instanceof ProblemDetail problem
        && problem.getType() != null
        && request instanceof ServletServerHttpRequest servlet) {
      servlet
          .getServletRequest()
          .setAttribute(SubmissionMetricsFilter.PROBLEM_TYPE, problem.getType());
    }
    return body;
  }
}
