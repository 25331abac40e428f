/** Domain rules that api-service and worker-service must enforce identically. Plain JDK only. */
package io.fetchq.kernel;
