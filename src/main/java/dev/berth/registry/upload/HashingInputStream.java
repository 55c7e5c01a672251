package dev.berth.registry.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes and counts the bytes as the store reads them: one pass, no second read to verify. */
final class HashingInputStream extends FilterInputStream {

    private final ByteSink sink;
    private long count;

    HashingInputStream(InputStream in, ByteSink sink) {
        super(in);
        this.sink = sink;
    }

    static HashingInputStream of(InputStream in, MessageDigest digest) {
        return new HashingInputStream(in, digest::update);
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sink.update(new byte[] {(byte) b}, 0, 1);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            sink.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) {
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
