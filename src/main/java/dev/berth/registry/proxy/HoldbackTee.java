package dev.berth.registry.proxy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/**
 * Copies what is read from an upstream's blob to the client as it passes into the store, holding
 * back the latest chunk until {@link #release()}: a blob found not to match its digest at the end
 * never reaches its client whole, so the client sees a broken response rather than wrong bytes.
 * A client that goes away stops receiving; the blob is still read to its end and cached.
 */
final class HoldbackTee extends FilterInputStream {

    private final OutputStream client;
    private final LongConsumer progress;
    private byte[] held = new byte[64 * 1024];
    private int heldLength;
    private boolean clientGone;

    HoldbackTee(InputStream upstream, OutputStream client, LongConsumer progress) {
        super(upstream);
        this.client = client;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            forwardHeld();
            if (held.length < n) {
                held = new byte[n];
            }
            System.arraycopy(buffer, offset, held, 0, n);
            heldLength = n;
            progress.accept(n);
        }
        return n;
    }

    @Override
    public long skip(long n) {
        return 0; // every byte must pass through read, to reach the client
    }

    /** The blob proved good: the client gets its last chunk. */
    void release() {
        forwardHeld();
        if (!clientGone) {
            try {
                client.flush();
            } catch (IOException e) {
                clientGone = true;
            }
        }
    }

    private void forwardHeld() {
        if (heldLength > 0 && !clientGone) {
            try {
                client.write(held, 0, heldLength);
            } catch (IOException e) {
                clientGone = true;
            }
        }
        heldLength = 0;
    }
}
