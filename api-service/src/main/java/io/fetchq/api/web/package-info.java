/** HTTP concerns shared by every endpoint: RFC 9457 problems, request limits, strict JSON. */
package io.fetchq.api.web;
