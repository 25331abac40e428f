/** Background threads that drive use cases from start-up to shut-down. */
package io.fetchq.api.runner;
