/**
 * The browse API ({@code /api/v1/repositories/...}): repositories, tags and manifests as people
 * and the web UI read them, limited to what the caller may pull, with RFC 9457 problem details.
 */
package dev.berth.browse;
