package dev.berth.distribution;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

import jakarta.servlet.ServletOutputStream;

/**
 * The response body as a channel that writes each buffer in one call to the stream. It passes byte
 * arrays, not the buffer: Spring Security's response wrapper has no {@code write(ByteBuffer)}, and
 * the servlet API's fallback allocates a new array per call, 64 KiB of garbage per 64 KiB sent.
 * The JDK's {@code Channels.newChannel} would cut each buffer into 8 KiB writes instead.
 */
final class ServletOutputChannel implements WritableByteChannel {

    private final ServletOutputStream out;
    private byte[] copy;
    private boolean open = true;

    ServletOutputChannel(ServletOutputStream out) {
        this.out = out;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int length = source.remaining();
        if (source.hasArray()) {
            out.write(source.array(), source.arrayOffset() + source.position(), length);
            source.position(source.limit());
            return length;
        }
        if (copy == null || copy.length < length) {
            copy = new byte[length];
        }
        source.get(copy, 0, length);
        out.write(copy, 0, length);
        return length;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Leaves the response open: the container finishes it. */
    @Override
    public void close() {
        open = false;
    }
}
