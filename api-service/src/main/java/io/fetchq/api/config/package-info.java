/** Spring wiring of the API service: configuration properties, use cases, web, security. */
package io.fetchq.api.config;
