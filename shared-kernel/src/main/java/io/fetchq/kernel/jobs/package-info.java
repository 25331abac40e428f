/** The job life cycle shared by every service that moves a job between states. */
package io.fetchq.kernel.jobs;
