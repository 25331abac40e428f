package io.fetchq.api.tenants.web;

import io.fetchq.api.tenants.domain.Scope;
import io.fetchq.api.tenants.domain.TenantId;
import io.fetchq.api.tenants.usecase.IssueApiKeyCommand;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The body of {@code POST /api/v1/admin/tenants/{tenantId}/api-keys}. */
@Schema(description = "The scopes of the key to issue.")
public record IssueApiKeyRequest(
    @ArraySchema(
            minItems = 1,
            arraySchema =
                @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    example = "[\"jobs:write\", \"jobs:read\"]",
                    description =
                        "At least one scope; repeats are ignored. admin (which implies the jobs"
                            + " scopes and acts across tenants) only for the system tenant."),
            schema = @Schema(allowableValues = {"jobs:read", "jobs:write", "admin"}))
        @NotNull(message = "is required") @Size(min = 1, message = "must list at least one scope") List<@NotNull(message = "must not be null") @ScopeName String> scopes) {

  /** The command for {@code tenant}. Call only once validated. */
  IssueApiKeyCommand toCommand(TenantId tenant) {
    Set<Scope> granted = EnumSet.noneOf(Scope.class);
    scopes.forEach(name -> granted.add(ScopeName.Validator.parse(name).orElseThrow()));
    return new IssueApiKeyCommand(tenant, granted);
  }
}
