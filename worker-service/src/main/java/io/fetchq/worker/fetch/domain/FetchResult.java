package io.fetchq.worker.fetch.domain;

/** What one HTTP attempt produced: a final response or an error. */
public sealed interface FetchResult permits FetchResponse, FetchError {}
