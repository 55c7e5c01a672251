package dev.berth.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** How a blob body's buffers reach the servlet stream: arrays whole, anything else in socket-buffer pieces. */
class ServletOutputChannelTest {

    private final RecordingStream stream = new RecordingStream();
    private final ServletOutputChannel channel;

    ServletOutputChannelTest() throws IOException {
        channel = new ServletOutputChannel(new HttpServletResponseWrapper(new MockHttpServletResponse()) {
            @Override
            public ServletOutputStream getOutputStream() {
                return stream;
            }
        });
    }

    @Test
    void write_heapBuffer_isWrittenAsItsArrayInOneCall() throws IOException {
        byte[] body = randomBytes(1024 * 1024 + 17);

        int written = channel.write(ByteBuffer.wrap(body));

        assertThat(written).isEqualTo(body.length);
        assertThat(stream.bytes.toByteArray()).isEqualTo(body);
        assertThat(stream.arrayWrites).isEqualTo(1);
    }

    @Test
    void write_directBuffer_isCopiedInSocketBufferPieces() throws IOException {
        byte[] body = randomBytes(256 * 1024 + 100);
        ByteBuffer direct = ByteBuffer.allocateDirect(body.length).put(body).flip();

        int written = channel.write(direct);

        assertThat(written).isEqualTo(body.length);
        assertThat(direct.hasRemaining()).isFalse();
        assertThat(stream.bytes.toByteArray()).isEqualTo(body);
        // Four full 64 KiB pieces, then the 100 bytes left.
        assertThat(stream.arrayWrites).isEqualTo(5);
    }

    @Test
    void close_leavesTheResponseStreamOpen() throws IOException {
        channel.close();

        assertThat(channel.isOpen()).isFalse();
        assertThat(stream.closed).isFalse();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    /** Keeps what it is given and counts the calls. */
    private static final class RecordingStream extends ServletOutputStream {

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int arrayWrites;
        boolean closed;

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
        public void close() {
            closed = true;
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
}
