/**
 * How standalone mode starts and stops: pre-flight, the embedded broker around the Spring context,
 * the ready banner, one-sentence start-up failures.
 */
package io.fetchq.standalone.boot;
