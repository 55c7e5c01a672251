package dev.berth.registry.upload;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * SHA-256 part-way through a message: the chaining value, the number of bytes hashed and the bytes
 * of the unfinished 64-byte block. Persisted in Bouncy Castle's encoded-state layout (what
 * {@code SHA256Digest.getEncodedState()} writes), so any replica can continue it with either
 * implementation.
 */
record Sha256State(int[] chainingValue, long byteCount, byte[] partialBlock) {

    private static final int HEADER = 52;

    Sha256State {
        if (chainingValue.length != 8 || partialBlock.length != (int) (byteCount % 64)) {
            throw new IllegalArgumentException("inconsistent SHA-256 state");
        }
    }

    /**
     * Reads Bouncy Castle's layout: 4-byte word buffer, its fill (int), byte count (long), H1..H8,
     * the number of buffered words (int), those words, and a trailing purpose byte.
     */
    static Sha256State fromEncoded(byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        byte[] wordBuffer = new byte[4];
        in.get(wordBuffer);
        int wordBufferFill = in.getInt();
        long byteCount = in.getLong();
        int[] h = new int[8];
        for (int i = 0; i < 8; i++) {
            h[i] = in.getInt();
        }
        int words = in.getInt();
        ByteBuffer partial = ByteBuffer.allocate(words * 4 + wordBufferFill);
        for (int i = 0; i < words; i++) {
            partial.putInt(in.getInt());
        }
        partial.put(wordBuffer, 0, wordBufferFill);
        return new Sha256State(h, byteCount, partial.array());
    }

    byte[] toEncoded(byte purpose) {
        int words = partialBlock.length / 4;
        int wordBufferFill = partialBlock.length % 4;
        ByteBuffer out = ByteBuffer.allocate(HEADER + words * 4 + 1);
        byte[] wordBuffer = new byte[4];
        System.arraycopy(partialBlock, words * 4, wordBuffer, 0, wordBufferFill);
        out.put(wordBuffer).putInt(wordBufferFill).putLong(byteCount);
        for (int value : chainingValue) {
            out.putInt(value);
        }
        out.putInt(words);
        out.put(partialBlock, 0, words * 4);
        out.put(purpose);
        return out.array();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sha256State that && byteCount == that.byteCount
                && Arrays.equals(chainingValue, that.chainingValue) && Arrays.equals(partialBlock, that.partialBlock);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(byteCount) * 31 + Arrays.hashCode(chainingValue);
    }

    @Override
    public String toString() {
        return "Sha256State[" + byteCount + " bytes]";
    }
}
