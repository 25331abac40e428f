package io.fetchq.api.web;

import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Builds every error the API returns: RFC 9457 problem details with a stable {@link ProblemType}.
 * Details are written for clients; they never contain stack traces, class names, SQL or parser
 * internals.
 */
public final class Problems {

  /** The property holding a validation problem's list of {@link FieldViolation}s. */
  public static final String ERRORS = "errors";

  private Problems() {}

  /** A problem of {@code type} explained by {@code detail}. */
  public static ProblemDetail problem(ProblemType type, String detail) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(type.status()), detail);
    problem.setType(type.uri());
    problem.setTitle(type.title());
    return problem;
  }

  /** A problem of {@code type} listing the offending fields, sorted by pointer. */
  public static ProblemDetail problem(
      ProblemType type, String detail, List<FieldViolation> errors) {
    ProblemDetail problem = problem(type, detail);
    problem.setProperty(
        ERRORS,
        errors.stream().sorted(Comparator.comparing(FieldViolation::pointer)).distinct().toList());
    return problem;
  }

  /** A 422 validation problem for {@code errors}. */
  public static ProblemDetail validation(List<FieldViolation> errors) {
    String detail =
        errors.size() == 1
            ? "The request has an invalid field: " + describe(errors.getFirst()) + "."
            : "The request has " + errors.size() + " invalid fields.";
    return problem(ProblemType.VALIDATION_ERROR, detail, errors);
  }

  /** A problem for a bare HTTP status, as raised by the servlet container or the framework. */
  public static ProblemDetail forStatus(int status) {
    return ProblemType.forStatus(status)
        .map(type -> problem(type, genericDetail(type)))
        .orElseGet(
            () -> {
              HttpStatus known = HttpStatus.resolve(status);
              String phrase = known == null ? "Error" : known.getReasonPhrase();
              ProblemDetail problem =
                  ProblemDetail.forStatusAndDetail(
                      known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known, phrase + ".");
              problem.setTitle(phrase);
              return problem;
            });
  }

  /** The detail used when nothing more specific is known about an error of {@code type}. */
  public static String genericDetail(ProblemType type) {
    return switch (type) {
      case INTERNAL_ERROR -> "An unexpected error occurred. It has been logged.";
      case NOT_FOUND -> "The requested resource does not exist.";
      case UNAUTHORIZED -> "A valid API key is required: send 'Authorization: Bearer <key>'.";
      case FORBIDDEN -> "The API key lacks the scope this operation requires.";
      case METHOD_NOT_ALLOWED -> "The method is not allowed on this resource.";
      case PAYLOAD_TOO_LARGE -> "The request body is too large.";
      case UNSUPPORTED_MEDIA_TYPE ->
          "The request content type is not supported; use application/json.";
      case NOT_ACCEPTABLE -> "The API answers with application/json only.";
      case MALFORMED_REQUEST -> "The request is malformed.";
      default -> type.title() + ".";
    };
  }

  /** {@code problem} as a response with status and {@code application/problem+json}. */
  public static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
    return response(problem, new HttpHeaders());
  }

  /** {@code problem} as a response with extra {@code headers}. */
  public static ResponseEntity<ProblemDetail> response(ProblemDetail problem, HttpHeaders headers) {
    return ResponseEntity.status(problem.getStatus())
        .headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private static String describe(FieldViolation violation) {
    return (violation.pointer().isEmpty() ? "the request body" : violation.pointer())
        + " "
        + violation.detail();
  }
}
