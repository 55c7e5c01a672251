/**
 * Pushing blobs: upload sessions (open, append a chunk, complete, cancel), the monolithic upload and
 * the cross-repository mount. Bytes are hashed while they stream (a resumable SHA-256 whose state
 * lives in the session's row, so any replica continues any upload) and become visible only once
 * verified and committed. A chunk claims its session while it streams, so two writers never write
 * one upload.
 */
package dev.berth.registry.upload;
