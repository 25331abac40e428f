/** The HTTP adapter: Apache HttpClient 5 with destination checks, deadlines and body caps. */
package io.fetchq.worker.fetch.http;
