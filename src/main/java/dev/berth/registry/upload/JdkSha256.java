package dev.berth.registry.upload;

import java.lang.reflect.Field;
import java.security.MessageDigest;
import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the state of the JDK's own SHA-256, which HotSpot runs on the CPU's SHA
 * instructions: six times the speed of a pure-Java hash (bench/RESULTS.md), on the path every
 * layer push takes. The JDK offers no API for this, so it needs {@code java.base} opened to Berth
 * ({@code Add-Opens} in the jar's manifest; {@code --add-opens} elsewhere). Where it is not, or the
 * JDK's internals differ, {@link #AVAILABLE} is false and Bouncy Castle does the hashing instead.
 */
final class JdkSha256 {

    private static final Logger log = LoggerFactory.getLogger(JdkSha256.class);

    private static final Field SPI;
    private static final Field STATE;
    private static final Field BUFFER;
    private static final Field BUFFER_OFFSET;
    private static final Field BYTES_PROCESSED;

    /** Whether JDK digests can be exported and restored here; checked once against a known answer. */
    static final boolean AVAILABLE;

    static {
        Field spi = null;
        Field state = null;
        Field buffer = null;
        Field bufferOffset = null;
        Field bytesProcessed = null;
        boolean available = false;
        try {
            MessageDigest probe = MessageDigest.getInstance("SHA-256");
            spi = field(probe.getClass(), "digestSpi");
            Class<?> digestBase = Class.forName("sun.security.provider.DigestBase");
            state = field(Class.forName("sun.security.provider.SHA2"), "state");
            buffer = field(digestBase, "buffer");
            bufferOffset = field(digestBase, "bufOfs");
            bytesProcessed = field(digestBase, "bytesProcessed");
            available = true;
        } catch (ReflectiveOperationException | java.security.GeneralSecurityException | RuntimeException e) {
            log.info("hashing uploads with Bouncy Castle: the JDK's SHA-256 state is not accessible ({})",
                    e.getClass().getSimpleName());
        }
        SPI = spi;
        STATE = state;
        BUFFER = buffer;
        BUFFER_OFFSET = bufferOffset;
        BYTES_PROCESSED = bytesProcessed;
        AVAILABLE = available && selfTest();
    }

    private JdkSha256() {
    }

    static MessageDigest start() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Sha256State export(MessageDigest digest) {
        try {
            Object spi = SPI.get(digest);
            int offset = BUFFER_OFFSET.getInt(spi);
            long processed = BYTES_PROCESSED.getLong(spi);
            byte[] partial = Arrays.copyOf((byte[]) BUFFER.get(spi), offset);
            return new Sha256State(((int[]) STATE.get(spi)).clone(), processed, partial);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static MessageDigest restore(Sha256State state) {
        MessageDigest digest = start();
        try {
            Object spi = SPI.get(digest);
            System.arraycopy(state.chainingValue(), 0, (int[]) STATE.get(spi), 0, 8);
            System.arraycopy(state.partialBlock(), 0, (byte[]) BUFFER.get(spi), 0, state.partialBlock().length);
            BUFFER_OFFSET.setInt(spi, state.partialBlock().length);
            BYTES_PROCESSED.setLong(spi, state.byteCount());
            return digest;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exports mid-block, restores, and checks the result against the JDK's own one-shot digest. */
    private static boolean selfTest() {
        try {
            byte[] message = new byte[200];
            for (int i = 0; i < message.length; i++) {
                message[i] = (byte) (i * 7);
            }
            MessageDigest first = start();
            first.update(message, 0, 77);
            MessageDigest resumed = restore(export(first));
            resumed.update(message, 77, message.length - 77);
            boolean same = Arrays.equals(resumed.digest(), start().digest(message));
            if (!same) {
                log.warn("the JDK's SHA-256 internals are not as expected; hashing uploads with Bouncy Castle");
            }
            return same;
        } catch (RuntimeException e) {
            log.warn("the JDK's SHA-256 state cannot be restored ({}); hashing uploads with Bouncy Castle",
                    e.toString());
            return false;
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
