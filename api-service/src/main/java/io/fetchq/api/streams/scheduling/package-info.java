/** The clock of the status streams: keep-alives, the fallback re-read, closing at shutdown. */
package io.fetchq.api.streams.scheduling;
