/** HTTP endpoints of jobs: request and response records, the thin controller. */
package io.fetchq.api.jobs.web;
