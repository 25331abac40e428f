/**
 * The fetch job as the API knows it: what to fetch, its life cycle and its result. No Spring, no
 * JPA.
 */
package io.fetchq.api.jobs.domain;
