/**
 * Read models for people and the web UI: repository summaries with sizes, tags with what their
 * manifests are (platforms, image config), manifest details, and the {@code /v2/_catalog} listing.
 * Reads only, except deleting a whole repository.
 */
package dev.berth.registry.browse;
