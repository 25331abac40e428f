/**
 * The OpenAPI 3.1 description of the API: shared components (problem details, headers, the
 * Idempotency-Key parameter) and customizers that apply the API's conventions to every operation,
 * so an endpoint is documented completely without repeating them on each controller.
 */
package io.fetchq.api.web.openapi;
