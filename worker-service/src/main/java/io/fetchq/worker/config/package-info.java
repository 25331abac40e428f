/** Spring wiring and validated settings of the worker; the only place objects are assembled. */
package io.fetchq.worker.config;
