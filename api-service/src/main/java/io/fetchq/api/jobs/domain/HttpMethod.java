package io.fetchq.api.jobs.domain;

/** The HTTP methods a job may use (API.md: GET HEAD POST PUT PATCH DELETE). */
public enum HttpMethod {
  GET,
  HEAD,
  POST,
  PUT,
  PATCH,
  DELETE
}
