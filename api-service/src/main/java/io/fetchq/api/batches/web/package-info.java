/** HTTP endpoints of batches: request and response records, the thin controller. */
package io.fetchq.api.batches.web;
