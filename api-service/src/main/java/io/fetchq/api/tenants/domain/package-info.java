/** Tenants: who owns jobs. Full tenancy (keys, scopes, limits) comes with the public API issue. */
package io.fetchq.api.tenants.domain;
