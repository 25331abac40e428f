/** Jackson settings both services apply to their mapper. */
package io.fetchq.ops.json;
