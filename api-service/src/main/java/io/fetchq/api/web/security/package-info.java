/** Bearer API-key authentication for Spring Security: filter, token, provider, 401/403 problems. */
package io.fetchq.api.web.security;
