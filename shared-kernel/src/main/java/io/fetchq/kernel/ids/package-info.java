/** Time-ordered identifiers. */
package io.fetchq.kernel.ids;
