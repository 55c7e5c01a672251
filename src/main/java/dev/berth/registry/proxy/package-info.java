/**
 * The pull-through cache: upstream registries, each fronted by a Berth namespace of its name, whose
 * manifests and blobs are fetched on first pull, verified, stored and linked exactly like pushed
 * ones, and served from the cache after. Tags are revalidated with a {@code HEAD} once older than
 * their TTL; a failing upstream leaves cached tags served stale. One fetch per thing at a time,
 * across replicas, through a lease row; cached images not pulled for long are evicted.
 */
package dev.berth.registry.proxy;
