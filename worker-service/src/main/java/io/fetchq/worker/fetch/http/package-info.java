/**
 * The HTTP adapter: Apache HttpClient 5 with destination checks on every connect, redirects
 * followed hop by hop, one deadline per attempt and body caps.
 */
package io.fetchq.worker.fetch.http;
