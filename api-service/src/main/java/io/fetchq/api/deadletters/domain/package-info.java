/** A dead-letter entry, its states and its replay transition. No Spring, no JDBC. */
package io.fetchq.api.deadletters.domain;
