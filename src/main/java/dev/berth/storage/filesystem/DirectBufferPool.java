package dev.berth.storage.filesystem;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Direct buffers of one size, kept for reuse. The JDK frees a direct buffer only once a GC finds it
 * unreachable, and when the direct-memory limit is reached it forces a full GC. Allocated per
 * request, 256 KiB read buffers did that 31 times in 55 s of 16 clients pulling a 1 MiB blob under
 * {@code -Xmx256m}, serving 0.64-0.76x the requests of the build before them (bench/RESULTS.md).
 */
final class DirectBufferPool {

    private final int bufferSize;
    private final ArrayBlockingQueue<ByteBuffer> idle;

    /** Keeps at most {@code maxIdle} buffers; a burst beyond that allocates, and its extras are left to the GC. */
    DirectBufferPool(int bufferSize, int maxIdle) {
        this.bufferSize = bufferSize;
        this.idle = new ArrayBlockingQueue<>(maxIdle);
    }

    /** A cleared buffer of the pool's size, for the caller alone until it is released. */
    ByteBuffer acquire() {
        ByteBuffer buffer = idle.poll();
        return buffer != null ? buffer.clear() : ByteBuffer.allocateDirect(bufferSize);
    }

    /** Returns a buffer that nothing references any more. */
    void release(ByteBuffer buffer) {
        if (buffer.capacity() == bufferSize && buffer.isDirect()) {
            idle.offer(buffer);
        }
    }
}
