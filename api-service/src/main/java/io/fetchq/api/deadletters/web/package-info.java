/** {@code /api/v1/admin/dead-letters}: the dead-letter admin endpoints and their JSON shapes. */
package io.fetchq.api.deadletters.web;
