/** The fetch feature: claim an attempt, make the HTTP request, record the outcome. */
package io.fetchq.worker.fetch;
