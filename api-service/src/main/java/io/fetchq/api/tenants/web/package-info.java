/** The admin API of tenants and their API keys: controller, request and response records. */
package io.fetchq.api.tenants.web;
