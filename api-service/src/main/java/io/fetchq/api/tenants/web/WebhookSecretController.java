package io.fetchq.api.tenants.web;

import io.fetchq.api.tenants.domain.ApiPrincipal;
import io.fetchq.api.tenants.usecase.RotateWebhookSecret;
import io.fetchq.api.web.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/webhook-secret}: the caller's tenant rotates its webhook signing secret. */
@RestController
@RequestMapping(path = WebhookSecretController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
public class WebhookSecretController {

  static final String PATH = "/api/v1/webhook-secret";

  private final RotateWebhookSecret rotateWebhookSecret;

  public WebhookSecretController(RotateWebhookSecret rotateWebhookSecret) {
    this.rotateWebhookSecret = rotateWebhookSecret;
  }

  @Operation(
      operationId = "rotateWebhookSecret",
      summary = "Rotate the webhook secret",
      description =
          "Scope jobs:write. Answers the tenant's new whsec_ secret, shown this once. Every"
              + " delivery from now on is signed with it and, until previousSecretExpiresAt (24 h),"
              + " also with the secret it replaced: webhook-signature then carries both v1"
              + " signatures, space-separated, so receivers can switch at their own pace. A second"
              + " rotation within those 24 h makes the first rotation's secret the previous one.")
  @PostMapping("/rotate")
  public WebhookSecretResponse rotate(
      @Parameter(hidden = true) @AuthenticationPrincipal ApiPrincipal caller) {
    return rotateWebhookSecret
        .rotate(caller.tenantId())
        .map(WebhookSecretResponse::of)
        .orElseThrow(() -> new ResourceNotFoundException("The caller's tenant no longer exists."));
  }
}
