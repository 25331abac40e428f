/** Spring wiring and settings of standalone mode. */
package io.fetchq.standalone.config;
