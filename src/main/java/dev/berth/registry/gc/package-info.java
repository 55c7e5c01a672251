/**
 * Online garbage collection (retention, then unreachable manifests, links and blobs, each removal
 * locked and re-checked against concurrent pushes), its schedule and lease across replicas, and the
 * purge of expired upload sessions.
 */
package dev.berth.registry.gc;
