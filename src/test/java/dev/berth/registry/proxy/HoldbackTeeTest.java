package dev.berth.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** What the client of a streaming fetch receives before and after the blob proves good. */
class HoldbackTeeTest {

    private final byte[] blob = new Random(7).ints(200_000, 0, 256).collect(ByteArrayOutputStream::new,
            ByteArrayOutputStream::write, (a, b) -> a.write(b.toByteArray(), 0, b.size())).toByteArray();

    @Test
    void knownLength_everythingButTheLastByteFlows_untilReleased() throws IOException {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        HoldbackTee tee = new HoldbackTee(new ByteArrayInputStream(blob), client, blob.length, n -> { });
        byte[] stored = tee.readAllBytes();

        assertThat(stored).isEqualTo(blob);
        assertThat(client.size()).isEqualTo(blob.length - 1);
        tee.release();
        assertThat(client.toByteArray()).isEqualTo(blob);
    }

    @Test
    void unknownLength_theLatestChunkWaits() throws IOException {
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        HoldbackTee tee = new HoldbackTee(new ChunkedInput(blob, 4096), client, -1, n -> { });
        tee.readAllBytes();

        assertThat(client.size()).isEqualTo(blob.length - blob.length % 4096);
        tee.release();
        assertThat(client.toByteArray()).isEqualTo(blob);
    }

    @Test
    void clientGoingAway_doesNotStopTheFetch() throws IOException {
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("client went away");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("client went away");
            }
        };
        long[] progress = {0};
        HoldbackTee tee = new HoldbackTee(new ByteArrayInputStream(blob), gone, blob.length, n -> progress[0] += n);

        assertThat(tee.readAllBytes()).isEqualTo(blob);
        tee.release();
        assertThat(progress[0]).isEqualTo(blob.length);
    }

    /** Hands out its bytes in chunks of one size, as a socket might. */
    private static final class ChunkedInput extends InputStream {
        private final byte[] bytes;
        private final int chunk;
        private int position;

        ChunkedInput(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, chunk), bytes.length - position);
            System.arraycopy(bytes, position, target, offset, n);
            position += n;
            return n;
        }
    }
}
