package dev.berth.registry.blob;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;

import dev.berth.storage.StoredBlob;

/** An open blob a repository may read, for the HTTP layer to stream; close it when done. */
public final class BlobContent implements Closeable {

    private final StoredBlob blob;

    BlobContent(StoredBlob blob) {
        this.blob = blob;
    }

    public long size() {
        return blob.size();
    }

    /** Copies {@code count} bytes from {@code position} to {@code target}, zero-copy where the store allows. */
    public void transferTo(long position, long count, WritableByteChannel target) throws IOException {
        blob.transferTo(position, count, target);
    }

    @Override
    public void close() throws IOException {
        blob.close();
    }
}
