/** Bean Validation constraints for job requests; each delegates to JobRequestRules. */
package io.fetchq.api.jobs.web.validation;
