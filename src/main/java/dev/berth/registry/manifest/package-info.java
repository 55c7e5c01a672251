/**
 * Manifests, stored byte for byte and addressed by the digest of those bytes, validated against
 * what the repository holds; tags and their listing; the referrers of a subject (the API and the
 * fallback tag schema).
 */
package dev.berth.registry.manifest;
