/** fetchq worker: consumes fetch jobs, performs the HTTP requests and records their outcomes. */
package io.fetchq.worker;
