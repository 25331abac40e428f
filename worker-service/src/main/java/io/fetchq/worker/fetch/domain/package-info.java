/** Fetch requests, responses, errors and outcomes, and the rules about them. Plain JDK. */
package io.fetchq.worker.fetch.domain;
