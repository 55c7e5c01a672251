package dev.berth.distribution;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

import jakarta.servlet.ServletOutputStream;

/**
 * The response body as a channel that hands each buffer to the container whole. The JDK's
 * {@code Channels.newChannel} would copy it through an 8 KiB array first.
 */
final class ServletOutputChannel implements WritableByteChannel {

    private final ServletOutputStream out;
    private boolean open = true;

    ServletOutputChannel(ServletOutputStream out) {
        this.out = out;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int remaining = source.remaining();
        out.write(source);
        return remaining - source.remaining();
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
