package dev.berth.observability;

import java.io.IOException;
import java.nio.ByteBuffer;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Counts the body bytes the application writes, and remembers the declared {@code Content-Length}
 * for bodies the container writes itself (an error page).
 */
final class CountingResponse extends HttpServletResponseWrapper {

    private long bytesWritten;
    private long declaredLength = -1;
    private ServletOutputStream stream;

    CountingResponse(HttpServletResponse response) {
        super(response);
    }

    /**
     * The body's size: what went through the stream, or else the declared length. A
     * {@code HEAD} answer has none, whatever was written (the container drops it).
     */
    long bodyBytes(boolean headRequest) {
        if (headRequest) {
            return 0;
        }
        return bytesWritten > 0 ? bytesWritten : Math.max(declaredLength, 0);
    }

    @Override
    public void setContentLength(int len) {
        declaredLength = len;
        super.setContentLength(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        declaredLength = len;
        super.setContentLengthLong(len);
    }

    @Override
    public void setHeader(String name, String value) {
        remember(name, value);
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        remember(name, value);
        super.addHeader(name, value);
    }

    private void remember(String name, String value) {
        if ("Content-Length".equalsIgnoreCase(name) && value != null) {
            try {
                declaredLength = Long.parseLong(value.trim());
            } catch (NumberFormatException ignored) {
                // the container refuses it too; nothing to count
            }
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new Counting(super.getOutputStream());
        }
        return stream;
    }

    private final class Counting extends ServletOutputStream {

        private final ServletOutputStream out;

        Counting(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytesWritten++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytesWritten += len;
        }

        @Override
        public void write(ByteBuffer buffer) throws IOException {
            int remaining = buffer.remaining();
            out.write(buffer);
            bytesWritten += remaining - buffer.remaining();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
