package dev.berth.observability;

import java.io.IOException;
import java.nio.ByteBuffer;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/** Counts the body bytes the application reads; every read is passed straight to the container's stream. */
final class CountingRequest extends HttpServletRequestWrapper {

    private long bytesRead;
    private ServletInputStream stream;

    CountingRequest(HttpServletRequest request) {
        super(request);
    }

    long bytesRead() {
        return bytesRead;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = new Counting(super.getInputStream());
        }
        return stream;
    }

    private final class Counting extends ServletInputStream {

        private final ServletInputStream in;

        Counting(ServletInputStream in) {
            this.in = in;
        }

        private int count(int n) {
            if (n > 0) {
                bytesRead += n;
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                bytesRead++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return count(in.read(b, off, len));
        }

        @Override
        public int read(ByteBuffer buffer) throws IOException {
            return count(in.read(buffer));
        }

        @Override
        public int readLine(byte[] b, int off, int len) throws IOException {
            return count(in.readLine(b, off, len));
        }

        @Override
        public byte[] readAllBytes() throws IOException {
            byte[] bytes = in.readAllBytes();
            bytesRead += bytes.length;
            return bytes;
        }

        @Override
        public byte[] readNBytes(int len) throws IOException {
            byte[] bytes = in.readNBytes(len);
            bytesRead += bytes.length;
            return bytes;
        }

        @Override
        public int readNBytes(byte[] b, int off, int len) throws IOException {
            return count(in.readNBytes(b, off, len));
        }

        @Override
        public long skip(long n) throws IOException {
            return in.skip(n);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
