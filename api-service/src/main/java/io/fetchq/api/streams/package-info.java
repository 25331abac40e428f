/**
 * Live status streams: a client follows one job or batch as Server-Sent Events until it is
 * terminal, fed by database change notifications so it works across API instances.
 */
package io.fetchq.api.streams;
