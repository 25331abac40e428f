/** The in-process single-node KRaft Kafka broker that standalone mode runs instead of a cluster. */
package io.fetchq.standalone.kafka;
