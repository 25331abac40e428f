/** Sends a signed webhook with Apache HttpClient 5 under the destination rules. */
package io.fetchq.worker.callbacks.http;
