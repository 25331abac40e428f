/** fetchq standalone: API, worker and an embedded Kafka broker in one JVM. */
package io.fetchq.standalone;
