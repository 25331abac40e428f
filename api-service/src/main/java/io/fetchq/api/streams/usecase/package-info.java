/**
 * The status-stream hub: subscriptions per job and batch, re-read and emitted on change. No Spring,
 * no servlet types.
 */
package io.fetchq.api.streams.usecase;
