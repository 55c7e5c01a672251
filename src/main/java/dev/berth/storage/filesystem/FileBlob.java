package dev.berth.storage.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

import dev.berth.storage.StoredBlob;

/** A blob file open for ranged reads. */
record FileBlob(Path path, FileChannel channel) implements StoredBlob {

    /**
     * Reads into any other target (a servlet response), one socket buffer's worth at a time: Tomcat
     * copies what it is given into its own socket buffer of this size, and the JDK reads a file into
     * a heap buffer through a per-thread direct buffer as large, so more would cost each request
     * thread more off-heap memory for no fewer copies. Handing Tomcat pooled direct buffers past
     * Spring's response wrappers instead saved 0.11 CPU-s of the server's per warm 1 GiB blob GET
     * but moved no throughput row of {@code bench/run.sh --quick} beyond its noise (blob GET and
     * pull, two runs each against 9b60efe), so the plain path is the only one.
     */
    private static final int READ_BUFFER = 64 * 1024;

    @Override
    public long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Zero-copy into files and sockets; into any other channel (a servlet response) through a heap buffer. */
    @Override
    public void transferTo(long position, long count, WritableByteChannel target) throws IOException {
        long end = position + count;
        long at = position;
        if (target instanceof FileChannel || target instanceof SelectableChannel) {
            while (at < end) {
                long sent = channel.transferTo(at, end - at, target);
                if (sent <= 0) {
                    throw new IOException("short read from " + path);
                }
                at += sent;
            }
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(READ_BUFFER, Math.max(count, 1)));
        while (at < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("short read from " + path);
            }
            at += read;
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
