/**
 * The registry's rules, one feature per sub-package, each opening its own transactions and testable
 * without HTTP; write order is storage first, database second. This package holds what the
 * features share: {@link dev.berth.registry.Repositories} (found or created on first push),
 * {@link dev.berth.registry.BlobInfo}, and the paging values of {@code /v2}
 * ({@link dev.berth.registry.Page}, {@link dev.berth.registry.PageRequest}) and of {@code /api/v1}
 * ({@link dev.berth.registry.Listing}).
 * <ul>
 *   <li>{@code upload}: upload sessions, the monolithic upload, mounts, claims, the resumable hash;</li>
 *   <li>{@code blob}: reading and unlinking blobs through a repository's links;</li>
 *   <li>{@code manifest}: manifests, tags, tag listings and referrers;</li>
 *   <li>{@code lifecycle}: immutable tags, retention policies and quotas;</li>
 *   <li>{@code gc}: online garbage collection, its schedule, and the purge of expired uploads;</li>
 *   <li>{@code browse}: read models for people (repository, tag and manifest summaries) and the catalog.</li>
 * </ul>
 * Arrows between features: upload and manifest use lifecycle; gc uses lifecycle; browse uses
 * manifest; none goes back up (LayeringTest).
 */
package dev.berth.registry;
