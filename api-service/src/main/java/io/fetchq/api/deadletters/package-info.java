/**
 * The dead-letter queue as operators see it: failed jobs recorded by the workers, and their replay.
 */
package io.fetchq.api.deadletters;
