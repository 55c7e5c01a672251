/**
 * The blob store: bytes by digest and the upload areas that become them. Knows nothing of
 * repositories, manifests or HTTP. {@link dev.berth.storage.ContentAddressedBlobStore} is the one
 * algorithm (the {@link dev.berth.storage.BlobLayout}, commit once per content, digest checking,
 * which abandoned uploads to purge); each back-end in a sub-package implements only
 * {@link dev.berth.storage.ByteStore}, what differs between them.
 */
package dev.berth.storage;
