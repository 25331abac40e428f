/**
 * Version 1 of the webhook callbacks fetchq sends (API.md "Webhooks"): Standard Webhooks headers
 * and signatures, shared by the sender and by anyone who verifies what it sends.
 */
package io.fetchq.contracts.webhooks.v1;
