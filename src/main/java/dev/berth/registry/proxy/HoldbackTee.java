package dev.berth.registry.proxy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/**
 * Copies what is read from an upstream's blob to the client as it passes into the store, holding
 * back the end until {@link #release()}: a blob found not to match its digest at the end never
 * reaches its client whole, so the client sees a broken response rather than wrong bytes. With
 * the length known only the final byte waits; without it, the latest chunk does (one copy more).
 * A client that goes away stops receiving; the blob is still read to its end and cached.
 */
final class HoldbackTee extends FilterInputStream {

    private final OutputStream client;
    private final LongConsumer progress;
    private final long length;
    private long read;
    private byte[] held = new byte[0];
    private int heldLength;
    private boolean clientGone;

    /** @param length the blob's declared length, or -1 when the upstream declared none */
    HoldbackTee(InputStream upstream, OutputStream client, long length, LongConsumer progress) {
        super(upstream);
        this.client = client;
        this.length = length;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        int n = super.read(buffer, offset, count);
        if (n <= 0) {
            return n;
        }
        progress.accept(n);
        if (length > 0) {
            // Everything up to the blob's last byte goes out at once; the last byte waits.
            long forwardable = Math.min(n, Math.max(0, length - 1 - read));
            forward(buffer, offset, (int) forwardable);
            hold(buffer, offset + (int) forwardable, n - (int) forwardable, true);
        } else {
            forward(held, 0, heldLength);
            heldLength = 0;
            hold(buffer, offset, n, false);
        }
        read += n;
        return n;
    }

    @Override
    public long skip(long n) {
        return 0; // every byte must pass through read, to reach the client
    }

    /** The blob proved good: the client gets what was held back. */
    void release() {
        forward(held, 0, heldLength);
        heldLength = 0;
        if (!clientGone) {
            try {
                client.flush();
            } catch (IOException e) {
                clientGone = true;
            }
        }
    }

    private void hold(byte[] buffer, int offset, int count, boolean append) {
        if (count == 0) {
            return;
        }
        int start = append ? heldLength : 0;
        if (held.length < start + count) {
            held = java.util.Arrays.copyOf(held, start + count);
        }
        System.arraycopy(buffer, offset, held, start, count);
        heldLength = start + count;
    }

    private void forward(byte[] buffer, int offset, int count) {
        if (count > 0 && !clientGone) {
            try {
                client.write(buffer, offset, count);
            } catch (IOException e) {
                clientGone = true;
            }
        }
    }
}
