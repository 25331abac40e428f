/** The Server-Sent Events endpoints of jobs and batches and their emitter adapter. */
package io.fetchq.api.streams.web;
