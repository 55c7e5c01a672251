package dev.berth.registry.upload;

/** Where an upload session stands: the number of bytes received so far. */
public record UploadStatus(UploadId id, long offset) {
}
