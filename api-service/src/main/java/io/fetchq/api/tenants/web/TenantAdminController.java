package io.fetchq.api.tenants.web;

import io.fetchq.api.tenants.domain.ApiKeyId;
import io.fetchq.api.tenants.domain.Tenant;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.usecase.CreateTenant;
import io.fetchq.api.tenants.usecase.CreateTenantOutcome;
import io.fetchq.api.tenants.usecase.GetTenant;
import io.fetchq.api.tenants.usecase.IssueApiKey;
import io.fetchq.api.tenants.usecase.IssueApiKeyOutcome;
import io.fetchq.api.tenants.usecase.ListApiKeys;
import io.fetchq.api.tenants.usecase.RevokeApiKey;
import io.fetchq.api.web.FieldViolation;
import io.fetchq.api.web.InvalidFieldsException;
import io.fetchq.api.web.JsonPointers;
import io.fetchq.api.web.ProblemException;
import io.fetchq.api.web.ProblemType;
import io.fetchq.api.web.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/admin/tenants} (scope {@code admin}): create and read tenants, issue, list and
 * revoke their API keys. Maps HTTP to use cases and nothing else.
 */
@RestController
@RequestMapping(path = TenantAdminController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
public class TenantAdminController {

  static final String PATH = "/api/v1/admin/tenants";

  private final CreateTenant createTenant;
  private final GetTenant getTenant;
  private final IssueApiKey issueApiKey;
  private final ListApiKeys listApiKeys;
  private final RevokeApiKey revokeApiKey;

  public TenantAdminController(
      CreateTenant createTenant,
      GetTenant getTenant,
      IssueApiKey issueApiKey,
      ListApiKeys listApiKeys,
      RevokeApiKey revokeApiKey) {
    this.createTenant = createTenant;
    this.getTenant = getTenant;
    this.issueApiKey = issueApiKey;
    this.listApiKeys = listApiKeys;
    this.revokeApiKey = revokeApiKey;
  }

  @Operation(
      summary = "Create a tenant",
      description =
          "201 with the tenant, including its webhook signing secret; Location points at it. 409"
              + " (tenant-name-taken) when a tenant with that name exists.")
  @ApiResponse(
      responseCode = "201",
      description = "Created",
      useReturnTypeSchema = true,
      headers =
          @Header(
              name = "Location",
              description = "Path of the created tenant.",
              schema = @Schema(type = "string", format = "uri-reference")))
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<TenantResponse> create(@Valid @RequestBody CreateTenantRequest request) {
    return switch (createTenant.create(request.toCommand())) {
      case CreateTenantOutcome.Created created ->
          ResponseEntity.created(URI.create(PATH + "/" + created.tenant().id()))
              .body(TenantResponse.of(created.tenant()));
      case CreateTenantOutcome.NameTaken taken ->
          throw new ProblemException(
              ProblemType.TENANT_NAME_TAKEN, "A tenant named '" + taken.name() + "' exists.");
    };
  }

  @Operation(summary = "Read a tenant", description = "404 when the tenant does not exist.")
  @GetMapping("/{tenantId}")
  public TenantResponse get(@PathVariable UUID tenantId) {
    Tenant tenant =
        getTenant.get(new TenantId(tenantId)).orElseThrow(() -> tenantNotFound(tenantId));
    return TenantResponse.of(tenant);
  }

  @Operation(
      operationId = "issueApiKey",
      summary = "Issue an API key",
      description =
          "201 with the key, shown in this answer only (only its SHA-256 digest is stored). 404"
              + " when the tenant does not exist; 422 when admin is requested for a tenant other"
              + " than system.")
  @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
  @PostMapping(path = "/{tenantId}/api-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<ApiKeyResponse> issueKey(
      @PathVariable UUID tenantId, @Valid @RequestBody IssueApiKeyRequest request) {
    return switch (issueApiKey.issue(request.toCommand(new TenantId(tenantId)))) {
      case IssueApiKeyOutcome.Issued issued ->
          ResponseEntity.status(201).body(ApiKeyResponse.of(issued.key(), issued.secret()));
      case IssueApiKeyOutcome.TenantNotFound missing -> throw tenantNotFound(tenantId);
      case IssueApiKeyOutcome.ScopesRefused refused ->
          throw new InvalidFieldsException(
              List.of(new FieldViolation(JsonPointers.of("scopes"), refused.reason())));
    };
  }

  @Operation(
      operationId = "listApiKeys",
      summary = "List a tenant's API keys",
      description =
          "Every key of the tenant, newest first, revoked ones included (revokedAt set). The keys"
              + " themselves are never shown again. 404 when the tenant does not exist.")
  @GetMapping("/{tenantId}/api-keys")
  public ApiKeyListResponse listKeys(@PathVariable UUID tenantId) {
    return listApiKeys
        .list(new TenantId(tenantId))
        .map(ApiKeyListResponse::of)
        .orElseThrow(() -> tenantNotFound(tenantId));
  }

  @Operation(
      operationId = "revokeApiKey",
      summary = "Revoke an API key",
      description =
          "204: the key is refused (401) by every API instance within 5 seconds, by this one at"
              + " once. 404 when the tenant has no such valid key (unknown, another tenant's, or"
              + " already revoked).")
  @ApiResponse(responseCode = "204", description = "Revoked")
  @DeleteMapping("/{tenantId}/api-keys/{keyId}")
  public ResponseEntity<Void> revokeKey(@PathVariable UUID tenantId, @PathVariable UUID keyId) {
    return switch (revokeApiKey.revoke(new TenantId(tenantId), new ApiKeyId(keyId))) {
      case REVOKED -> ResponseEntity.noContent().build();
      case NOT_FOUND ->
          throw new ResourceNotFoundException(
              "No valid API key with id " + keyId + " exists for tenant " + tenantId + ".");
    };
  }

  private static ResourceNotFoundException tenantNotFound(UUID id) {
    return new ResourceNotFoundException("No tenant with id " + id + " exists.");
  }
}
