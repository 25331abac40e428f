package io.fetchq.api.web.openapi;

import io.fetchq.api.web.FieldViolation;
import io.fetchq.api.web.ProblemType;
import io.fetchq.api.web.Problems;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reusable parts of the OpenAPI description: the {@code ProblemDetail} schema, one response per
 * problem status (with an example for every {@link ProblemType} of that status), the response
 * headers and the {@code Idempotency-Key} parameter. Operations refer to them by the names below.
 */
public final class ApiComponents {

  /** The bearer API-key security scheme. */
  public static final String BEARER_SCHEME = "apiKey";

  /** Schema of every error body. */
  public static final String PROBLEM_SCHEMA = "ProblemDetail";

  /** Schema of one entry of a validation problem's {@code errors}. */
  public static final String FIELD_VIOLATION_SCHEMA = "FieldViolation";

  /** The media type of every error body (RFC 9457). */
  public static final String PROBLEM_JSON = "application/problem+json";

  /** Header parameter of the idempotent creations. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** Response header naming a created resource. */
  public static final String LOCATION = "Location";

  /** Response header set on an idempotent replay. */
  public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

  /** Response header of a 429: seconds to wait. */
  public static final String RETRY_AFTER = "Retry-After";

  /** IETF RateLimit header: the caller's remaining quota. */
  public static final String RATE_LIMIT = "RateLimit";

  /** IETF RateLimit-Policy header: the caller's quota policy. */
  public static final String RATE_LIMIT_POLICY = "RateLimit-Policy";

  /** Challenge of a 401. */
  public static final String WWW_AUTHENTICATE = "WWW-Authenticate";

  /** The problem responses, by HTTP status, with the name of their component. */
  static final Map<Integer, String> PROBLEM_RESPONSES =
      Map.of(
          400, "BadRequest",
          401, "Unauthorized",
          403, "Forbidden",
          404, "NotFound",
          409, "Conflict",
          413, "PayloadTooLarge",
          415, "UnsupportedMediaType",
          422, "UnprocessableContent",
          429, "TooManyRequests",
          500, "InternalError");

  private static final Map<Integer, String> PROBLEM_DESCRIPTIONS =
      Map.of(
          400,
          "Malformed request: the body is not a single well-formed JSON document, contains an"
              + " unknown field, or a query parameter is invalid.",
          401,
          "Missing, unknown or revoked API key.",
          403,
          "The API key lacks the scope this operation requires.",
          404,
          "No such resource, or it belongs to another tenant (indistinguishable on purpose). A"
              + " malformed id in the path answers 404 too.",
          409,
          "The request conflicts with the resource's current state.",
          413,
          "The request body is over the size limit (1 MiB; 32 MiB for /api/v1/batches).",
          415,
          "The request content type is not application/json.",
          422,
          "Well-formed but invalid: errors lists a JSON Pointer into the request body for every"
              + " offending field.",
          429,
          "Over the rate limit: nothing was created. Retry after Retry-After seconds.",
          500,
          "Unexpected error. The detail is generic; the error has been logged.");

  private ApiComponents() {}

  /** Every reusable component of the description. */
  public static Components components() {
    Components components =
        new Components()
            .addSecuritySchemes(
                BEARER_SCHEME,
                new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .description(
                        "An API key as bearer token: `Authorization: Bearer <api key>`. Keys"
                            + " carry scopes: jobs:write, jobs:read, admin."))
            .addSchemas(FIELD_VIOLATION_SCHEMA, fieldViolationSchema())
            .addSchemas(PROBLEM_SCHEMA, problemSchema())
            .addParameters(IDEMPOTENCY_KEY, idempotencyKey())
            .addHeaders(LOCATION, locationHeader())
            .addHeaders(IDEMPOTENT_REPLAYED, idempotentReplayedHeader())
            .addHeaders(RETRY_AFTER, retryAfterHeader())
            .addHeaders(RATE_LIMIT, rateLimitHeader())
            .addHeaders(RATE_LIMIT_POLICY, rateLimitPolicyHeader())
            .addHeaders(WWW_AUTHENTICATE, wwwAuthenticateHeader());
    PROBLEM_RESPONSES.keySet().stream()
        .sorted()
        .forEach(status -> components.addResponses(responseName(status), problemResponse(status)));
    return components;
  }

  /** A reference to the problem response for {@code status}. */
  public static ApiResponse problemRef(int status) {
    return new ApiResponse().$ref("#/components/responses/" + responseName(status));
  }

  /** A reference to a reusable response header. */
  public static Header headerRef(String name) {
    return new Header().$ref("#/components/headers/" + name);
  }

  /** The component name of the problem response for {@code status}. */
  static String responseName(int status) {
    String name = PROBLEM_RESPONSES.get(status);
    if (name == null) {
      throw new IllegalArgumentException("no problem response for status " + status);
    }
    return name;
  }

  static Schema<Object> schema(String type) {
    Schema<Object> schema = new Schema<>();
    schema.setType(type);
    schema.setTypes(Set.of(type));
    return schema;
  }

  private static Schema<Object> fieldViolationSchema() {
    Schema<Object> schema = schema("object");
    schema
        .description("What is wrong with one value of the request body.")
        .addProperty(
            "pointer",
            schema("string")
                .description(
                    "RFC 6901 JSON Pointer to the offending value in the request body; empty for"
                        + " the whole body.")
                .example("/retry/maxAttempts"))
        .addProperty(
            "detail", schema("string").description("What is wrong.").example("must be at most 20"));
    schema.setRequired(List.of("pointer", "detail"));
    return schema;
  }

  private static Schema<Object> problemSchema() {
    Schema<Object> schema = schema("object");
    schema
        .description(
            "An RFC 9457 problem detail. Switch on type, which is stable; title and detail are for"
                + " people and may change.")
        .addProperty(
            "type",
            schema("string")
                .format("uri")
                .description("Stable URI of the kind of problem, under " + ProblemType.BASE_URI)
                .example(ProblemType.VALIDATION_ERROR.uri().toString()))
        .addProperty(
            "title",
            schema("string")
                .description("Short summary of the problem type.")
                .example(ProblemType.VALIDATION_ERROR.title()))
        .addProperty(
            "status",
            schema("integer")
                .format("int32")
                .minimum(java.math.BigDecimal.valueOf(400))
                .maximum(java.math.BigDecimal.valueOf(599))
                .description("The HTTP status code.")
                .example(422))
        .addProperty(
            "detail",
            schema("string")
                .description("Explanation of this occurrence, for people.")
                .example("/url is required"))
        .addProperty(
            "instance",
            schema("string").format("uri-reference").description("The request path, when known."))
        .addProperty(
            Problems.ERRORS,
            schema("array")
                .items(new Schema<>().$ref("#/components/schemas/" + FIELD_VIOLATION_SCHEMA))
                .description(
                    "Validation problems only: every offending field, sorted by pointer."));
    schema.setRequired(List.of("type", "title", "status", "detail"));
    return schema;
  }

  /** A new problem response for {@code status} (the component's content, for inlining). */
  static ApiResponse problemResponse(int status) {
    MediaType media =
        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA));
    for (ProblemType type : typesOf(status)) {
      media.addExamples(
          slug(type), new Example().summary(type.title()).value(example(type, status)));
    }
    ApiResponse response =
        new ApiResponse()
            .description(PROBLEM_DESCRIPTIONS.get(status))
            .content(new Content().addMediaType(PROBLEM_JSON, media));
    if (status == 401) {
      response.addHeaderObject(WWW_AUTHENTICATE, headerRef(WWW_AUTHENTICATE));
    }
    if (status == 429) {
      response
          .addHeaderObject(RETRY_AFTER, headerRef(RETRY_AFTER))
          .addHeaderObject(RATE_LIMIT, headerRef(RATE_LIMIT))
          .addHeaderObject(RATE_LIMIT_POLICY, headerRef(RATE_LIMIT_POLICY));
    }
    return response;
  }

  /**
   * The problem types answered with {@code status}; a status without its own type (429) gets a
   * synthetic example of the same shape.
   */
  private static List<ProblemType> typesOf(int status) {
    return Arrays.stream(ProblemType.values()).filter(t -> t.status() == status).toList();
  }

  private static Map<String, Object> example(ProblemType type, int status) {
    Map<String, Object> example = new LinkedHashMap<>();
    example.put("type", type.uri().toString());
    example.put("title", type.title());
    example.put("status", status);
    if (type == ProblemType.VALIDATION_ERROR) {
      FieldViolation violation = new FieldViolation("/timeoutMs", "must be an integer");
      example.put("detail", Problems.validation(List.of(violation)).getDetail());
      example.put(
          Problems.ERRORS,
          List.of(Map.of("pointer", violation.pointer(), "detail", violation.detail())));
    } else {
      example.put("detail", Problems.genericDetail(type));
    }
    return example;
  }

  private static String slug(ProblemType type) {
    String uri = type.uri().toString();
    return uri.substring(ProblemType.BASE_URI.length());
  }

  private static Parameter idempotencyKey() {
    return new HeaderParameter()
        .name(IDEMPOTENCY_KEY)
        .required(false)
        .description(
            "Makes the creation safe to retry: 1 to 255 printable ASCII characters other than"
                + " space, compared exactly, scoped to the tenant, remembered for at least 24"
                + " hours. The same key with the same request answers the original result again"
                + " with 200 and Idempotent-Replayed: true; with a different request 422"
                + " (idempotency-key-reused); while the first request with the key is still being"
                + " processed 409 (idempotency-key-in-flight). Concurrent identical requests create"
                + " exactly one resource.")
        .schema(schema("string").minLength(1).maxLength(255).pattern("^[!-~]+$"))
        .example("order-42-fetch");
  }

  private static Header locationHeader() {
    return new Header()
        .description("Path of the created or accepted resource.")
        .schema(schema("string").format("uri-reference"))
        .example("/api/v1/jobs/01938f4e-7b7a-7cc2-9a51-3f1e6f0c2d4b");
  }

  private static Header idempotentReplayedHeader() {
    return new Header()
        .description(
            "true when this answer replays the result of an earlier request with the same"
                + " Idempotency-Key; nothing new was created.")
        .schema(schema("string")._enum(List.of("true")));
  }

  private static Header retryAfterHeader() {
    return new Header()
        .description("Seconds to wait before retrying.")
        .schema(schema("integer").minimum(java.math.BigDecimal.ZERO))
        .example(1);
  }

  private static Header rateLimitHeader() {
    return new Header()
        .description(
            "IETF RateLimit field (draft-ietf-httpapi-ratelimit-headers-11) for the caller's"
                + " tenant: r = whole tokens left in its bucket, t = seconds until the bucket is"
                + " full again (on a 429: until a retry can succeed). The global limit is not"
                + " disclosed.")
        .schema(schema("string"))
        .example("\"default\";r=57;t=2");
  }

  private static Header rateLimitPolicyHeader() {
    return new Header()
        .description(
            "IETF RateLimit-Policy field (draft-ietf-httpapi-ratelimit-headers-11) for the"
                + " caller's tenant: q = the bucket size (burst), w = seconds an empty bucket takes"
                + " to fill.")
        .schema(schema("string"))
        .example("\"default\";q=200;w=2");
  }

  private static Header wwwAuthenticateHeader() {
    return new Header()
        .description("The authentication challenge: Bearer.")
        .schema(schema("string"))
        .example("Bearer realm=\"fetchq\"");
  }
}
