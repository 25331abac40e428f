/** fetchq's REST API service: validates, authenticates and durably accepts fetch jobs. */
package io.fetchq.api;
