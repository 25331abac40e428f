package io.fetchq.api.callbacks.web;

/**
 * The filter of a bulk callback replay, as in the list's query: every field optional.
 *
 * @param tenantId only this tenant's entries (a UUID)
 * @param type only events of this type
 * @param since only entries that failed at or after this RFC 3339 timestamp
 * @param until only entries that failed before this RFC 3339 timestamp
 */
public record CallbackFilterBody(String tenantId, String type, String since, String until) {}
