/** The port through which database change notifications reach use cases. */
package io.fetchq.api.changes.usecase;
