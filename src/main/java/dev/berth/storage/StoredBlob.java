package dev.berth.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/** An open stored blob, read in ranges without loading it. */
public interface StoredBlob extends Closeable {

    long size();

    /** Copies {@code count} bytes from {@code position} to {@code target}, zero-copy where the store allows. */
    void transferTo(long position, long count, WritableByteChannel target) throws IOException;
}
