package io.fetchq.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.fetchq.api.jobs.domain.HttpMethod;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;

class ProblemAdviceTest {

  private final ProblemAdvice advice = new ProblemAdvice();
  private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/jobs");
  private final HttpInputMessage input = new MockHttpInputMessage(new byte[0]);

  @Test
  void answersAccessDeniedWithForbidden() {
    assertProblem(advice.forbidden(new AccessDeniedException("no"), request), 403, "forbidden");
  }

  @Test
  void answersAuthenticationFailureWithChallenge() {
    ResponseEntity<ProblemDetail> response =
        advice.unauthenticated(new BadCredentialsException("no"), request);

    assertProblem(response, 401, "unauthorized");
    assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
  }

  @Test
  void answersFrameworkClientErrorsByStatus() {
    ResponseEntity<ProblemDetail> response =
        advice.unexpected(new MissingServletRequestParameterException("limit", "int"), request);

    assertProblem(response, 400, "malformed-request");
    assertThat(response.getBody().getDetail()).doesNotContain("limit");
  }

  @Test
  void writesNothingToAClientThatWentAway() {
    assertThat(
            advice.clientGone(new AsyncRequestNotUsableException("disconnected client"), request))
        .isNull();
  }

  @Test
  void answersUnexpectedExceptionsWithGenericInternalError() {
    ResponseEntity<ProblemDetail> response =
        advice.unexpected(new NullPointerException("Cannot invoke \"String.length()\""), request);

    assertProblem(response, 500, "internal-error");
    assertThat(response.getBody().getDetail()).doesNotContain("String");
  }

  @Test
  void answersFrameworkServerErrorsByStatus() {
    ResponseEntity<ProblemDetail> response =
        advice.unexpected(
            new org.springframework.web.context.request.async.AsyncRequestTimeoutException(),
            request);

    assertProblem(response, 503, "service-unavailable");
  }

  @Test
  void answersMissingHandlerWithNotFound() {
    assertProblem(
        advice.noRoute(new NoHandlerFoundException("GET", "/x", new HttpHeaders()), request),
        404,
        "not-found");
  }

  @Test
  void answersUnacceptableWithNotAcceptable() {
    assertProblem(
        advice.notAcceptable(new HttpMediaTypeNotAcceptableException("json only"), request),
        406,
        "not-acceptable");
  }

  @Test
  void answersTooLargeDirectly() {
    assertProblem(
        advice.tooLarge(new PayloadTooLargeException(5), request), 413, "payload-too-large");
  }

  @Test
  void answersBadQueryParameterWithBadRequest() throws Exception {
    Method method = ProblemAdviceTest.class.getDeclaredMethod("list", int.class);
    MethodArgumentTypeMismatchException mismatch =
        new MethodArgumentTypeMismatchException(
            "x", int.class, "limit", new MethodParameter(method, 0), null);

    ResponseEntity<ProblemDetail> response = advice.argumentTypeMismatch(mismatch, request);

    assertProblem(response, 400, "bad-request");
    assertThat(response.getBody().getDetail()).contains("'limit'");
  }

  @Test
  void answersUnreadableBodyWithoutCauseAsMalformed() {
    assertProblem(
        advice.unreadable(
            new HttpMessageNotReadableException("Required request body is missing", input),
            request),
        400,
        "malformed-request");
  }

  @Test
  void answersOtherMappingFailuresWithPointer() {
    JsonMappingException failure =
        JsonMappingException.from(
            (com.fasterxml.jackson.core.JsonParser) null, "constructor threw");
    failure.prependPath(new JsonMappingException.Reference(Object.class, "retry"));

    ResponseEntity<ProblemDetail> response =
        advice.unreadable(new HttpMessageNotReadableException("x", failure, input), request);

    assertProblem(response, 422, "validation-error");
    assertThat(response.getBody().getProperties().get(Problems.ERRORS))
        .isEqualTo(List.of(new FieldViolation("/retry", "is invalid")));
  }

  @Test
  void mapsBindingErrorsWithoutBeanValidationSource() {
    assertThat(ProblemAdvice.violation(new FieldError("job", "jobs[2].url", "bad")))
        .isEqualTo(new FieldViolation("/jobs/2/url", "bad"));
    assertThat(ProblemAdvice.violation(new ObjectError("job", null)))
        .isEqualTo(new FieldViolation("", "is invalid"));
  }

  enum Colour {
    RED,
    GREEN
  }

  record Thing(String a) {}

  static Stream<Arguments> expectations() {
    return Stream.of(
        Arguments.of(String.class, "must be a string"),
        Arguments.of(char.class, "must be a string"),
        Arguments.of(Integer.class, "must be an integer"),
        Arguments.of(long.class, "must be an integer"),
        Arguments.of(BigInteger.class, "must be an integer"),
        Arguments.of(Double.class, "must be a number"),
        Arguments.of(BigDecimal.class, "must be a number"),
        Arguments.of(boolean.class, "must be a boolean"),
        Arguments.of(Colour.class, "must be one of RED, GREEN"),
        Arguments.of(HttpMethod.class, "must be one of GET, HEAD, POST, PUT, PATCH, DELETE"),
        Arguments.of(List.class, "must be an array"),
        Arguments.of(String[].class, "must be an array"),
        Arguments.of(Map.class, "must be an object"),
        Arguments.of(Thing.class, "must be an object"),
        Arguments.of(Object.class, "has the wrong type"));
  }

  @ParameterizedTest
  @MethodSource("expectations")
  void describesTheExpectedType(Class<?> target, String expectation) {
    assertThat(ProblemAdvice.expectation(MismatchedInputException.from(null, target, "x")))
        .isEqualTo(expectation);
  }

  @Test
  void describesNullsAndUnknownTargets() {
    assertThat(
            ProblemAdvice.expectation(
                InvalidNullException.from(
                    null, (com.fasterxml.jackson.databind.PropertyName) null, null)))
        .isEqualTo("must not be null");
    assertThat(ProblemAdvice.expectation(MismatchedInputException.from(null, (Class<?>) null, "x")))
        .isEqualTo("has the wrong type");
  }

  private static void assertProblem(
      ResponseEntity<ProblemDetail> response, int status, String type) {
    assertThat(response.getStatusCode().value()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getBody().getStatus()).isEqualTo(status);
    assertThat(response.getBody().getType().toString())
        .isEqualTo("https://fetchq.io/problems/" + type);
    assertThat(response.getBody().getTitle()).isNotBlank();
    assertThat(response.getBody().getDetail()).isNotBlank();
  }

  @SuppressWarnings("unused")
  private void list(@RequestParam int limit) {}
}
