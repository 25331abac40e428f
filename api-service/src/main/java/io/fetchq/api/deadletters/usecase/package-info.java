/** Dead-letter use cases (replay) and the ports they need. No Spring, no JDBC, no Kafka. */
package io.fetchq.api.deadletters.usecase;
