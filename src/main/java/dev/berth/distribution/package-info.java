/**
 * The OCI Distribution HTTP API under {@code /v2}: parses requests into domain values, calls the
 * registry, and writes the spec's headers. Errors become the spec's JSON body in one advice.
 * Touches neither JPA nor the blob store.
 */
package dev.berth.distribution;
