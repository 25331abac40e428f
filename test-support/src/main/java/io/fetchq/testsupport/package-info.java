/** Fixtures for fetchq's test suites: private databases and a local HTTP target. */
package io.fetchq.testsupport;
