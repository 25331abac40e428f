/**
 * Version 1 of the job messages exchanged over Kafka. Fields are only ever added, never changed.
 */
package io.fetchq.contracts.jobs.v1;
