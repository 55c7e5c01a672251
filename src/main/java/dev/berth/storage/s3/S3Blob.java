package dev.berth.storage.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import dev.berth.storage.StoredBlob;

/** A stored blob read by ranged GETs, one per transfer. */
record S3Blob(S3Objects objects, String key, long size) implements StoredBlob {

    private static final int READ_BUFFER = 256 * 1024;

    @Override
    public void transferTo(long position, long count, WritableByteChannel target) throws IOException {
        if (count <= 0) {
            return;
        }
        ResponseInputStream<GetObjectResponse> in = objects.get(key, position, count);
        boolean complete = false;
        try {
            byte[] buffer = new byte[READ_BUFFER];
            long remaining = count;
            while (remaining > 0) {
                int n;
                try {
                    n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                } catch (SdkException e) {
                    throw objects.failure("reading " + key, e);
                }
                if (n < 0) {
                    throw new IOException("short read from S3 object " + key);
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    target.write(chunk);
                }
                remaining -= n;
            }
            complete = true;
        } finally {
            if (!complete) {
                // Do not drain the rest of a large response into a dead connection just to reuse it.
                in.abort();
            }
            in.close();
        }
    }

    @Override
    public void close() {
        // Each transfer opens and closes its own request.
    }
}
