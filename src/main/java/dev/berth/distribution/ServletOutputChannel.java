package dev.berth.distribution;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The response body as a channel. Tomcat writes a direct buffer to the socket as it is, in 64 KiB
 * slices; an array it first copies into a buffer of its own. The wrappers Spring puts around the
 * response (Spring MVC's async guard, Spring Security's header writer) have no
 * {@code write(ByteBuffer)}, and the servlet API's fallback copies each buffer into a new array. So
 * a large body is committed through every wrapper, which writes their headers, and then goes to the
 * first stream, from the outside in, that takes a buffer as it is: Berth's byte counter, then
 * Tomcat. None of the wrappers passed over changes the body's bytes. A 1 GiB pull took about
 * 0.1 CPU-s less this way (bench/RESULTS.md).
 */
final class ServletOutputChannel implements WritableByteChannel {

    private static final ClassValue<Boolean> TAKES_BUFFERS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("write", ByteBuffer.class).getDeclaringClass() != ServletOutputStream.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

    private final ServletOutputStream out;
    private final boolean takesBuffers;
    private byte[] copy;
    private boolean open = true;

    private ServletOutputChannel(ServletOutputStream out) {
        this.out = out;
        this.takesBuffers = TAKES_BUFFERS.get(out.getClass());
    }

    /**
     * Bodies of at least this size are committed early and sent past the copying wrappers. Sending
     * the headers on their own costs about as much as the copies of a 1 MiB body save: with 1 MiB
     * bodies under 4 clients, the early commit took 0.88 ms of server CPU per GET, against
     * 0.67 ms without it and 0.77 ms for copying (bench/RESULTS.md).
     */
    static final long LARGE_BODY = 4L * 1024 * 1024;

    /**
     * The channel for a body of {@code length} bytes. A body smaller than {@link #LARGE_BODY} goes
     * through the response's own stream, with nothing committed early.
     */
    static ServletOutputChannel forBody(HttpServletResponse response, long length) throws IOException {
        if (length < LARGE_BODY) {
            return new ServletOutputChannel(response.getOutputStream());
        }
        // Tomcat passes on, uncopied, only the slices of a write that exceed this buffer.
        response.setBufferSize(BlobTransferTuning.SOCKET_BUFFER);
        response.flushBuffer();
        return new ServletOutputChannel(firstStreamTakingBuffers(response));
    }

    private static ServletOutputStream firstStreamTakingBuffers(ServletResponse response) throws IOException {
        ServletResponse current = response;
        while (true) {
            ServletOutputStream stream = current.getOutputStream();
            if (TAKES_BUFFERS.get(stream.getClass())) {
                return stream;
            }
            if (!(current instanceof ServletResponseWrapper wrapper)) {
                return response.getOutputStream();
            }
            current = wrapper.getResponse();
        }
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int length = source.remaining();
        if (takesBuffers && source.isDirect()) {
            out.write(source);
            return length - source.remaining();
        }
        // One call per buffer: the JDK's Channels.newChannel would cut it into 8 KiB writes.
        if (source.hasArray()) {
            out.write(source.array(), source.arrayOffset() + source.position(), length);
            source.position(source.limit());
            return length;
        }
        // In pieces the size of Tomcat's socket buffer: a larger array outgrows the CPU's cache and
        // cost 25-35% more CPU per 1 MiB GET with 256 KiB reads (bench/RESULTS.md).
        int largestPiece = Math.min(length, BlobTransferTuning.SOCKET_BUFFER);
        if (copy == null || copy.length < largestPiece) {
            copy = new byte[largestPiece];
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
