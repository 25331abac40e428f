/** Which network destinations fetchq may connect to (API.md "Destinations"). */
package io.fetchq.kernel.destinations;
