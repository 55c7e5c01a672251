package dev.berth.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Where a blob body's buffers go: past wrappers that would copy them, once those wrappers have
 * committed the response, and only for bodies of at least 4 MiB.
 */
class ServletOutputChannelTest {

    private static final int LARGE = (int) ServletOutputChannel.LARGE_BODY + 44 * 1024;

    private final MockHttpServletResponse container = new MockHttpServletResponse();
    private final BufferTakingStream containerStream = new BufferTakingStream();
    private final HttpServletResponse containerResponse = new StreamResponse(container, containerStream);

    @Test
    void largeBody_directBuffers_skipTheCopyingWrapperAfterItCommitted() throws IOException {
        RecordingStream wrapperStream = new RecordingStream();
        HeaderOnCommit wrapper = new HeaderOnCommit(containerResponse, wrapperStream);
        byte[] body = randomBytes(LARGE);

        ServletOutputChannel channel = ServletOutputChannel.forBody(wrapper, body.length);
        writeDirect(channel, body, 256 * 1024);

        assertThat(container.isCommitted()).isTrue();
        assertThat(container.getHeader("X-Written-On-Commit")).isEqualTo("yes");
        assertThat(container.getBufferSize()).isEqualTo(BlobTransferTuning.SOCKET_BUFFER);
        assertThat(wrapperStream.bytes.size()).isZero();
        assertThat(containerStream.bytes.toByteArray()).isEqualTo(body);
        assertThat(containerStream.bufferWrites).isEqualTo(17);
        assertThat(containerStream.arrayWrites).isZero();
    }

    @Test
    void smallBody_goesThroughTheResponseStream_uncommitted() throws IOException {
        RecordingStream wrapperStream = new RecordingStream();
        HeaderOnCommit wrapper = new HeaderOnCommit(containerResponse, wrapperStream);
        byte[] body = randomBytes(BlobTransferTuning.SOCKET_BUFFER);

        writeDirect(ServletOutputChannel.forBody(wrapper, body.length), body, BlobTransferTuning.SOCKET_BUFFER);

        assertThat(container.isCommitted()).isFalse();
        assertThat(container.getHeader("X-Written-On-Commit")).isNull();
        assertThat(wrapperStream.bytes.toByteArray()).isEqualTo(body);
        assertThat(wrapperStream.arrayWrites).isEqualTo(1);
        assertThat(containerStream.bytes.size()).isZero();
    }

    @Test
    void smallBody_readsLargerThanTheSocketBuffer_areCopiedInSocketBufferPieces() throws IOException {
        RecordingStream wrapperStream = new RecordingStream();
        HeaderOnCommit wrapper = new HeaderOnCommit(containerResponse, wrapperStream);
        byte[] body = randomBytes(1024 * 1024 + 100);

        writeDirect(ServletOutputChannel.forBody(wrapper, body.length), body, 256 * 1024);

        assertThat(container.isCommitted()).isFalse();
        assertThat(wrapperStream.bytes.toByteArray()).isEqualTo(body);
        // 16 full 64 KiB pieces from four 256 KiB reads, then the 100 bytes left.
        assertThat(wrapperStream.arrayWrites).isEqualTo(17);
    }

    @Test
    void largeBody_noStreamTakesBuffers_copiesEachBufferIntoOneArrayWrite() throws IOException {
        RecordingStream arrayOnly = new RecordingStream();
        HeaderOnCommit wrapper = new HeaderOnCommit(new StreamResponse(container, new RecordingStream()), arrayOnly);
        byte[] body = randomBytes(LARGE);

        writeDirect(ServletOutputChannel.forBody(wrapper, body.length), body, 64 * 1024);

        assertThat(container.getHeader("X-Written-On-Commit")).isEqualTo("yes");
        assertThat(arrayOnly.bytes.toByteArray()).isEqualTo(body);
        assertThat(arrayOnly.arrayWrites).isEqualTo(65);
    }

    @Test
    void heapBuffer_isWrittenAsItsArrayInOneCall() throws IOException {
        byte[] body = randomBytes(LARGE);

        ServletOutputChannel channel = ServletOutputChannel.forBody(containerResponse, body.length);
        int written = channel.write(ByteBuffer.wrap(body));

        assertThat(written).isEqualTo(body.length);
        assertThat(containerStream.bytes.toByteArray()).isEqualTo(body);
        assertThat(containerStream.arrayWrites).isEqualTo(1);
        assertThat(containerStream.bufferWrites).isZero();
    }

    /** Writes the body in direct buffers of at most {@code chunk} bytes, as the blob store does. */
    private static void writeDirect(ServletOutputChannel channel, byte[] body, int chunk) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(chunk);
        for (int at = 0; at < body.length; at += chunk) {
            buffer.clear();
            buffer.put(body, at, Math.min(chunk, body.length - at)).flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    /** A response with a given stream, standing in for the container's. */
    private static class StreamResponse extends HttpServletResponseWrapper {

        private final ServletOutputStream stream;

        StreamResponse(HttpServletResponse response, ServletOutputStream stream) {
            super(response);
            this.stream = stream;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return stream;
        }
    }

    /** Like Spring Security's header writer: adds a header when the response is committed. */
    private static final class HeaderOnCommit extends StreamResponse {

        HeaderOnCommit(HttpServletResponse response, ServletOutputStream stream) {
            super(response, stream);
        }

        @Override
        public void flushBuffer() throws IOException {
            setHeader("X-Written-On-Commit", "yes");
            super.flushBuffer();
        }
    }

    /** Keeps what it is given, taking buffers only through the servlet API's copying fallback. */
    private static class RecordingStream extends ServletOutputStream {

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int arrayWrites;
        int bufferWrites;

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            arrayWrites++;
            bytes.write(b, off, len);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    /** Like Tomcat's stream: takes a buffer as it is. */
    private static final class BufferTakingStream extends RecordingStream {

        @Override
        public void write(ByteBuffer buffer) {
            bufferWrites++;
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            bytes.write(copy, 0, copy.length);
        }
    }
}
