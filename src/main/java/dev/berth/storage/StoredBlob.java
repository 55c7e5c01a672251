package dev.berth.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Optional;

/** An open stored blob, read in ranges without loading it. */
public interface StoredBlob extends Closeable {

    long size();

    /** Copies {@code count} bytes from {@code position} to {@code target}, zero-copy where the store allows. */
    void transferTo(long position, long count, WritableByteChannel target) throws IOException;

    /** The local file holding the blob, when the store has one, so a server can hand it to sendfile. */
    default Optional<Path> localFile() {
        return Optional.empty();
    }
}
