package io.fetchq.api.web.openapi;

import io.swagger.v3.oas.models.Operation;
import java.util.Locale;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/**
 * Names an operation that does not name itself ({@code @Operation(operationId = ...)}) after its
 * handler method and resource: {@code JobController.submit} is {@code submitJob}, {@code
 * DeadLetterAdminController.replay} is {@code replayDeadLetter}. springdoc would use the bare
 * method name and disambiguate clashes with numeric suffixes ({@code get_1}), which clients
 * generated from the description would inherit. An operation without a summary gets one made of its
 * id.
 */
public final class OperationIdCustomizer implements OperationCustomizer {

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    io.swagger.v3.oas.annotations.Operation declared =
        handler.getMethodAnnotation(io.swagger.v3.oas.annotations.Operation.class);
    if (declared == null || declared.operationId().isEmpty()) {
      operation.setOperationId(
          operationId(handler.getMethod().getName(), handler.getBeanType().getSimpleName()));
    }
    if (operation.getSummary() == null || operation.getSummary().isBlank()) {
      operation.setSummary(summary(operation.getOperationId()));
    }
    return operation;
  }

  /** {@code listJobAttempts} as {@code List job attempts}: for operations without a summary. */
  static String summary(String operationId) {
    String words = operationId.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /**
   * {@code method} followed by the resource of {@code controller} (its simple name without {@code
   * Controller}, {@code Admin} and a trailing {@code List}; plural after {@code list}), unless the
   * method name already names that resource.
   */
  static String operationId(String method, String controller) {
    String resource = controller.replace("Controller", "").replace("Admin", "");
    if (resource.endsWith("List")) {
      resource = resource.substring(0, resource.length() - "List".length());
    }
    if (resource.isEmpty()
        || method.toLowerCase(Locale.ROOT).contains(resource.toLowerCase(Locale.ROOT))) {
      return method;
    }
    return method + resource + (method.equals("list") ? "s" : "");
  }
}
