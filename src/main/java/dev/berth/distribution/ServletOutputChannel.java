package dev.berth.distribution;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The response body as a channel, for {@code StoredBlob.transferTo}. A heap buffer goes to the
 * servlet stream as its array in one call; the JDK's {@code Channels.newChannel} would cut it into
 * 8 KiB writes. Anything else is copied through one array the size of Tomcat's socket buffer.
 */
final class ServletOutputChannel implements WritableByteChannel {

    private final ServletOutputStream out;
    private byte[] copy;
    private boolean open = true;

    ServletOutputChannel(HttpServletResponse response) throws IOException {
        this.out = response.getOutputStream();
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int length = source.remaining();
        if (source.hasArray()) {
            out.write(source.array(), source.arrayOffset() + source.position(), length);
            source.position(source.limit());
            return length;
        }
        if (copy == null) {
            copy = new byte[BlobTransferTuning.SOCKET_BUFFER];
        }
        while (source.hasRemaining()) {
            int piece = Math.min(source.remaining(), copy.length);
            source.get(copy, 0, piece);
            out.write(copy, 0, piece);
        }
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
