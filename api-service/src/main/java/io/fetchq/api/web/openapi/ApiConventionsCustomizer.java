package io.fetchq.api.web.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Applies the API's conventions (API.md) to every documented operation, so a controller documents
 * only what is particular to it:
 *
 * <ul>
 *   <li>a tag per path area ({@code /api/v1/jobs/**} is "Jobs", {@code /api/v1/admin/**} "Admin",
 *       ...), replacing springdoc's per-controller tags;
 *   <li>the problem responses, as {@code application/problem+json}: 401 and 403 on every secured
 *       operation, 400/413/415/422 on every operation with a request body, 400 on every operation
 *       with query parameters, 404 on every operation with a path variable, 500 everywhere, and 409
 *       on the operations in {@link #CONFLICTS};
 *   <li>429, and the {@code RateLimit}/{@code RateLimit-Policy} headers on every response but 401,
 *       413 and 500, on every operation under a rate-limited prefix (problem responses are then
 *       inlined, since a {@code $ref} cannot take extra headers);
 *   <li>on the idempotent creations ({@code POST /api/v1/jobs}, {@code POST /api/v1/batches}): the
 *       {@code Idempotency-Key} header, 202 with {@code Location}, the 200 replay with {@code
 *       Idempotent-Replayed}, and 409 for a key still in flight.
 * </ul>
 *
 * Nothing a controller declares itself is overwritten.
 */
public final class ApiConventionsCustomizer implements OpenApiCustomizer {

  /** Path areas and their tags, in the order the tags are listed. */
  static final Map<String, Tag> TAGS = tags();

  /** Paths whose operations are rate limited (API.md "Rate limits"). */
  static final List<String> RATE_LIMITED = List.of("/api/v1/jobs", "/api/v1/batches");

  /** Creations that honour {@code Idempotency-Key} (API.md "Jobs", "Batches"). */
  static final Set<String> IDEMPOTENT_CREATIONS =
      Set.of("POST /api/v1/jobs", "POST /api/v1/batches");

  /**
   * Operations that answer 409 besides the idempotent creations: job-not-cancellable,
   * tenant-name-taken, dead-letter-not-replayable, callback-not-replayable.
   */
  static final Set<String> CONFLICTS =
      Set.of(
          "DELETE /api/v1/jobs/{id}",
          "POST /api/v1/admin/tenants",
          "POST /api/v1/admin/dead-letters/{id}/replay",
          "POST /api/v1/admin/callback-dead-letters/{id}/replay");

  /**
   * Problems answered before the caller is known, so without the RateLimit fields (the size limit
   * runs before authentication); 500 is not promised them either.
   */
  static final Set<Integer> WITHOUT_RATE_LIMIT_FIELDS = Set.of(401, 413, 500);

  private static final String IDEMPOTENCY_KEY_REF =
      "#/components/parameters/" + ApiComponents.IDEMPOTENCY_KEY;

  @Override
  public void customise(OpenAPI openApi) {
    if (openApi.getPaths() == null) {
      return;
    }
    boolean securedByDefault = openApi.getSecurity() != null && !openApi.getSecurity().isEmpty();
    Map<String, Tag> used = new LinkedHashMap<>();
    openApi
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) -> {
                          Tag tag = tagFor(path);
                          retag(operation, tag);
                          operation.getTags().forEach(name -> used.putIfAbsent(name, tag));
                          document(method, path, operation, securedByDefault);
                        }));
    List<Tag> tags = new ArrayList<>();
    TAGS.values().stream().distinct().filter(t -> used.containsKey(t.getName())).forEach(tags::add);
    used.keySet().stream()
        .filter(name -> tags.stream().noneMatch(t -> t.getName().equals(name)))
        .sorted()
        .forEach(name -> tags.add(new Tag().name(name).description(name + " operations.")));
    openApi.setTags(tags);
    dropIdempotencyKeyUnlessReferenced(openApi);
  }

  /**
   * The shared {@code Idempotency-Key} parameter is only there for creations that do not declare
   * the header themselves; an unused component would be noise (and a lint warning).
   */
  private static void dropIdempotencyKeyUnlessReferenced(OpenAPI openApi) {
    String ref = IDEMPOTENCY_KEY_REF;
    boolean referenced =
        openApi.getPaths().values().stream()
            .flatMap(item -> item.readOperations().stream())
            .filter(operation -> operation.getParameters() != null)
            .flatMap(operation -> operation.getParameters().stream())
            .anyMatch(parameter -> ref.equals(parameter.get$ref()));
    if (!referenced
        && openApi.getComponents() != null
        && openApi.getComponents().getParameters() != null) {
      openApi.getComponents().getParameters().remove(ApiComponents.IDEMPOTENCY_KEY);
    }
  }

  private static void document(
      PathItem.HttpMethod method, String path, Operation operation, boolean securedByDefault) {
    String key = method + " " + path;
    if (operation.getResponses() == null) {
      operation.setResponses(new ApiResponses());
    }
    ApiResponses responses = operation.getResponses();
    if (IDEMPOTENT_CREATIONS.contains(key)) {
      idempotentCreation(operation);
    }
    if (isRateLimited(path)) {
      responses.forEach(
          (code, response) -> {
            if (response.get$ref() == null) {
              withRateLimitFields(response);
            }
          });
    }
    SortedSet<Integer> problems = new TreeSet<>();
    boolean secured =
        operation.getSecurity() == null ? securedByDefault : !operation.getSecurity().isEmpty();
    if (secured) {
      problems.add(401);
      problems.add(403);
    }
    if (operation.getRequestBody() != null) {
      problems.add(400);
      problems.add(413);
      problems.add(415);
      problems.add(422);
    }
    if (hasParameter(operation, "query")) {
      problems.add(400);
    }
    if (hasParameter(operation, "path")) {
      problems.add(404);
    }
    if (CONFLICTS.contains(key) || IDEMPOTENT_CREATIONS.contains(key)) {
      problems.add(409);
    }
    if (isRateLimited(path)) {
      problems.add(429);
    }
    problems.add(500);
    boolean rateLimited = isRateLimited(path);
    problems.forEach(
        status ->
            responses.putIfAbsent(
                String.valueOf(status),
                rateLimited && !WITHOUT_RATE_LIMIT_FIELDS.contains(status) && status != 429
                    ? withRateLimitFields(ApiComponents.problemResponse(status))
                    : ApiComponents.problemRef(status)));
  }

  /**
   * 202 with {@code Location} (springdoc documents a {@code ResponseEntity} as 200 unless told
   * otherwise), the 200 replay with {@code Idempotent-Replayed}, and the {@code Idempotency-Key}
   * header unless the controller declares it.
   */
  private static void idempotentCreation(Operation operation) {
    ApiResponses responses = operation.getResponses();
    if (!responses.containsKey("202") && responses.containsKey("200")) {
      ApiResponse generated = responses.remove("200");
      responses.addApiResponse("202", generated);
    }
    ApiResponse accepted = responses.get("202");
    if (accepted != null && accepted.get$ref() == null) {
      if ("OK".equals(accepted.getDescription()) || accepted.getDescription() == null) {
        accepted.setDescription("Accepted: durable, and will reach a terminal state.");
      }
      addHeader(accepted, ApiComponents.LOCATION);
      if (!responses.containsKey("200")) {
        ApiResponse replay =
            new ApiResponse()
                .description(
                    "Replay: an earlier request with the same Idempotency-Key and the same body"
                        + " created this; nothing new was created.")
                .content(accepted.getContent());
        addHeader(replay, ApiComponents.LOCATION);
        addHeader(replay, ApiComponents.IDEMPOTENT_REPLAYED);
        responses.addApiResponse("200", replay);
      }
    }
    boolean declared =
        operation.getParameters() != null
            && operation.getParameters().stream()
                .anyMatch(
                    p ->
                        "header".equals(p.getIn())
                            && ApiComponents.IDEMPOTENCY_KEY.equalsIgnoreCase(p.getName()));
    if (!declared) {
      operation.addParametersItem(new Parameter().$ref(IDEMPOTENCY_KEY_REF));
    }
  }

  private static ApiResponse withRateLimitFields(ApiResponse response) {
    addHeader(response, ApiComponents.RATE_LIMIT);
    addHeader(response, ApiComponents.RATE_LIMIT_POLICY);
    return response;
  }

  private static void addHeader(ApiResponse response, String name) {
    if (response.getHeaders() == null || !response.getHeaders().containsKey(name)) {
      response.addHeaderObject(name, ApiComponents.headerRef(name));
    }
  }

  private static boolean hasParameter(Operation operation, String in) {
    List<Parameter> parameters = operation.getParameters();
    return parameters != null && parameters.stream().anyMatch(p -> in.equals(p.getIn()));
  }

  static boolean isRateLimited(String path) {
    return RATE_LIMITED.stream().anyMatch(prefix -> isUnder(path, prefix));
  }

  static Tag tagFor(String path) {
    return TAGS.entrySet().stream()
        .filter(e -> isUnder(path, e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseGet(() -> new Tag().name("Other").description("Other operations."));
  }

  /** Replaces springdoc's default per-controller tag ({@code job-controller}); keeps explicit. */
  private static void retag(Operation operation, Tag tag) {
    List<String> tags = operation.getTags();
    if (tags == null || tags.isEmpty() || tags.stream().allMatch(t -> t.endsWith("-controller"))) {
      operation.setTags(new ArrayList<>(List.of(tag.getName())));
    }
  }

  private static boolean isUnder(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }

  private static Map<String, Tag> tags() {
    Map<String, Tag> tags = new LinkedHashMap<>();
    tags.put(
        "/api/v1/jobs",
        new Tag()
            .name("Jobs")
            .description(
                "Submit fetch jobs, read their state and result, list them, cancel them. Scopes"
                    + " jobs:write (submit, cancel) and jobs:read."));
    tags.put(
        "/api/v1/batches",
        new Tag()
            .name("Batches")
            .description(
                "Submit up to 1000 jobs at once, all or nothing, and follow their progress."
                    + " Scopes jobs:write and jobs:read."));
    tags.put(
        "/api/v1/webhook-secret",
        new Tag()
            .name("Webhooks")
            .description("The secret that signs the tenant's webhooks (Standard Webhooks)."));
    Tag deadLetters =
        new Tag()
            .name("Dead letters")
            .description(
                "Operators' view of failed jobs: list, replay (one, in bulk, behind a canary),"
                    + " discard, audit. Scope admin, across tenants.");
    tags.put("/api/v1/admin/dead-letters", deadLetters);
    tags.put("/api/v1/admin/dead-letter-replays", deadLetters);
    tags.put(
        "/api/v1/admin/callback-dead-letters",
        new Tag()
            .name("Callback dead letters")
            .description(
                "Operators' view of webhook events whose delivery was given up: list and replay"
                    + " (one or in bulk). Scope admin, across tenants."));
    tags.put(
        "/api/v1/admin",
        new Tag()
            .name("Admin")
            .description("Tenants and their API keys. Scope admin (system tenant only)."));
    return Collections.unmodifiableMap(tags);
  }
}
