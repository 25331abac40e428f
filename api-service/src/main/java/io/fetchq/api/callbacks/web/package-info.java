/** Event payload rendering (as GET shows a job or batch) and the callback dead-letter admin API. */
package io.fetchq.api.callbacks.web;
