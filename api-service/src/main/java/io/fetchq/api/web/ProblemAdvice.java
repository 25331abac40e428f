package io.fetchq.api.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception that leaves a controller into an RFC 9457 problem (API.md "Conventions"):
 * malformed JSON 400, unknown field 400, wrong JSON type 422, invalid value 422 (with JSON
 * pointers), wrong content type 415, unknown route 404, a business refusal raised as {@link
 * ProblemException} with its own type (409 job-not-cancellable, ...), wrong method 405, anything
 * unexpected 500 with a generic detail. Client errors are logged at WARN without payloads,
 * surprises at ERROR with the exception.
 */
@RestControllerAdvice
public class ProblemAdvice {

  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> invalidBody(
      MethodArgumentNotValidException ex, HttpServletRequest request) {
    List<FieldViolation> errors =
        ex.getBindingResult().getAllErrors().stream().map(ProblemAdvice::violation).toList();
    return invalid(errors, request);
  }

  @ExceptionHandler(InvalidFieldsException.class)
  ResponseEntity<ProblemDetail> invalidFields(
      InvalidFieldsException ex, HttpServletRequest request) {
    return invalid(ex.violations(), request);
  }

  @ExceptionHandler(InvalidParametersException.class)
  ResponseEntity<ProblemDetail> invalidParameters(
      InvalidParametersException ex, HttpServletRequest request) {
    List<ParameterViolation> errors = ex.violations();
    String detail =
        errors.size() == 1
            ? "The query parameter '"
                + errors.getFirst().parameter()
                + "' "
                + errors.getFirst().detail()
                + "."
            : "The request has " + errors.size() + " invalid query parameters.";
    ProblemDetail problem = Problems.problem(ProblemType.INVALID_PARAMETER, detail);
    problem.setProperty(Problems.ERRORS, errors);
    return reject(
        problem,
        request,
        "parameters="
            + errors.stream().map(ParameterViolation::parameter).collect(Collectors.joining(",")));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(
      HttpMessageNotReadableException ex, HttpServletRequest request) {
    Optional<PayloadTooLargeException> tooLarge = causeOfType(ex, PayloadTooLargeException.class);
    if (tooLarge.isPresent()) {
      return tooLarge(tooLarge.get(), request);
    }
    Throwable cause = ex.getCause();
    if (cause instanceof PropertyBindingException unknown) {
      String pointer = JsonPointers.fromJackson(unknown.getPath());
      return reject(
          Problems.problem(
              ProblemType.UNKNOWN_FIELD,
              "The request contains an unknown field: " + pointer + ".",
              List.of(new FieldViolation(pointer, "is not a known field"))),
          request,
          "pointer=" + pointer);
    }
    if (cause instanceof StreamReadException syntax) {
      return reject(
          Problems.problem(ProblemType.MALFORMED_REQUEST, malformedDetail(syntax)), request, "");
    }
    if (cause instanceof MismatchedInputException mismatch) {
      if (!mismatch.getPath().isEmpty()) {
        return invalid(
            List.of(
                new FieldViolation(
                    JsonPointers.fromJackson(mismatch.getPath()), expectation(mismatch))),
            request);
      }
      if (!isNotADocument(mismatch)) {
        return invalid(List.of(new FieldViolation("", "must be a JSON object")), request);
      }
    } else if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String detail =
          causeOfType(mapping, InputCoercionException.class).isPresent()
              ? "is out of range"
              : "is invalid";
      return invalid(
          List.of(new FieldViolation(JsonPointers.fromJackson(mapping.getPath()), detail)),
          request);
    }
    return reject(
        Problems.problem(
            ProblemType.MALFORMED_REQUEST,
            "The request body is missing or is not a JSON document."),
        request,
        "");
  }

  @ExceptionHandler(PayloadTooLargeException.class)
  ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException ex, HttpServletRequest request) {
    return reject(RequestSizeLimitFilter.tooLarge(ex.limitBytes()), request, "");
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> unsupportedMediaType(
      HttpMediaTypeNotSupportedException ex, HttpServletRequest request) {
    HttpHeaders headers = new HttpHeaders();
    headers.setAccept(ex.getSupportedMediaTypes());
    return reject(
        Problems.problem(
            ProblemType.UNSUPPORTED_MEDIA_TYPE,
            Problems.genericDetail(ProblemType.UNSUPPORTED_MEDIA_TYPE)),
        headers,
        request,
        "");
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> notAcceptable(
      HttpMediaTypeNotAcceptableException ex, HttpServletRequest request) {
    return reject(Problems.forStatus(406), request, "");
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> methodNotAllowed(
      HttpRequestMethodNotSupportedException ex, HttpServletRequest request) {
    HttpHeaders headers = new HttpHeaders();
    if (ex.getSupportedHttpMethods() != null) {
      headers.setAllow(ex.getSupportedHttpMethods());
    }
    return reject(
        Problems.problem(
            ProblemType.METHOD_NOT_ALLOWED,
            "The method " + ex.getMethod() + " is not allowed on this resource."),
        headers,
        request,
        "");
  }

  @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
  ResponseEntity<ProblemDetail> noRoute(Exception ex, HttpServletRequest request) {
    return reject(Problems.forStatus(404), request, "");
  }

  @ExceptionHandler(ResourceNotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(ResourceNotFoundException ex, HttpServletRequest request) {
    return reject(Problems.problem(ProblemType.NOT_FOUND, ex.getMessage()), request, "");
  }

  @ExceptionHandler(ProblemException.class)
  ResponseEntity<ProblemDetail> problem(ProblemException ex, HttpServletRequest request) {
    return reject(Problems.problem(ex.type(), ex.getMessage()), request, "");
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> argumentTypeMismatch(
      MethodArgumentTypeMismatchException ex, HttpServletRequest request) {
    if (ex.getParameter().hasParameterAnnotation(PathVariable.class)) {
      // A malformed id names nothing, exactly like an id that does not exist.
      return reject(Problems.forStatus(404), request, "");
    }
    return reject(
        Problems.problem(
            ProblemType.BAD_REQUEST, "The query parameter '" + ex.getName() + "' is invalid."),
        request,
        "parameter=" + ex.getName());
  }

  @ExceptionHandler(AuthenticationException.class)
  ResponseEntity<ProblemDetail> unauthenticated(
      AuthenticationException ex, HttpServletRequest request) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"fetchq\"");
    return reject(Problems.forStatus(401), headers, request, "");
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<ProblemDetail> forbidden(AccessDeniedException ex, HttpServletRequest request) {
    return reject(Problems.forStatus(403), request, "");
  }

  /**
   * The client of a long-lived response (an event stream) went away: nothing can be written, and
   * nothing went wrong on our side.
   */
  @ExceptionHandler(AsyncRequestNotUsableException.class)
  ResponseEntity<ProblemDetail> clientGone(
      AsyncRequestNotUsableException ex, HttpServletRequest request) {
    log.debug("client gone method={} path={}", request.getMethod(), request.getRequestURI(), ex);
    return null;
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
    int status = ex instanceof ErrorResponse framework ? framework.getStatusCode().value() : 500;
    if (status < 500) {
      return reject(Problems.forStatus(status), ((ErrorResponse) ex).getHeaders(), request, "");
    }
    log.error(
        "request failed status={} method={} path={}",
        status,
        request.getMethod(),
        request.getRequestURI(),
        ex);
    return Problems.response(
        status == 500
            ? Problems.problem(
                ProblemType.INTERNAL_ERROR, Problems.genericDetail(ProblemType.INTERNAL_ERROR))
            : Problems.forStatus(status));
  }

  static FieldViolation violation(ObjectError error) {
    try {
      ConstraintViolation<?> violation = error.unwrap(ConstraintViolation.class);
      return new FieldViolation(
          JsonPointers.fromConstraintPath(violation.getPropertyPath()), violation.getMessage());
    } catch (IllegalArgumentException notFromBeanValidation) {
      String pointer =
          error instanceof FieldError field ? JsonPointers.fromPropertyPath(field.getField()) : "";
      String detail = error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
      return new FieldViolation(pointer, detail);
    }
  }

  /** What a JSON value of the wrong type should have been, for the client. */
  static String expectation(MismatchedInputException mismatch) {
    if (mismatch instanceof InvalidNullException) {
      return "must not be null";
    }
    Class<?> target = mismatch.getTargetType();
    if (target == null) {
      return "has the wrong type";
    }
    if (target == String.class || target == Character.class || target == char.class) {
      return "must be a string";
    }
    if (target == Integer.class
        || target == int.class
        || target == Long.class
        || target == long.class
        || target == Short.class
        || target == short.class
        || target == BigInteger.class) {
      return "must be an integer";
    }
    if (target == Double.class
        || target == double.class
        || target == Float.class
        || target == float.class
        || target == BigDecimal.class) {
      return "must be a number";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "must be a boolean";
    }
    if (target.isEnum()) {
      return "must be one of "
          + Arrays.stream(target.getEnumConstants())
              .map(String::valueOf)
              .collect(Collectors.joining(", "));
    }
    if (Collection.class.isAssignableFrom(target) || target.isArray()) {
      return "must be an array";
    }
    if (Map.class.isAssignableFrom(target) || target.isRecord()) {
      return "must be an object";
    }
    return "has the wrong type";
  }

  /** An empty body, or content after the JSON value: not a single JSON document. */
  private static boolean isNotADocument(MismatchedInputException mismatch) {
    String message = mismatch.getOriginalMessage();
    return message != null
        && (message.startsWith("No content to map") || message.startsWith("Trailing token"));
  }

  private static String malformedDetail(StreamReadException ex) {
    JsonLocation location = ex.getLocation();
    String where =
        location == null || location.getLineNr() < 0
            ? ""
            : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    String what =
        ex.getOriginalMessage() != null && ex.getOriginalMessage().startsWith("Duplicate field")
            ? "contains a duplicate field"
            : "is not well-formed JSON";
    return "The request body " + what + where + ".";
  }

  private static <T extends Throwable> Optional<T> causeOfType(Throwable ex, Class<T> type) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  private static ResponseEntity<ProblemDetail> invalid(
      List<FieldViolation> errors, HttpServletRequest request) {
    String pointers =
        errors.stream().map(FieldViolation::pointer).sorted().collect(Collectors.joining(","));
    return reject(Problems.validation(errors), request, "pointers=" + pointers);
  }

  private static ResponseEntity<ProblemDetail> reject(
      ProblemDetail problem, HttpServletRequest request, String context) {
    return reject(problem, new HttpHeaders(), request, context);
  }

  private static ResponseEntity<ProblemDetail> reject(
      ProblemDetail problem, HttpHeaders headers, HttpServletRequest request, String context) {
    log.warn(
        "request rejected status={} type={} method={} path={} {}",
        problem.getStatus(),
        problem.getType(),
        request.getMethod(),
        request.getRequestURI(),
        context);
    return Problems.response(problem, headers);
  }
}
