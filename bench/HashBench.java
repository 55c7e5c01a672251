import java.lang.reflect.Field;
import java.security.MessageDigest;
import java.util.Random;

import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * SHA-256 throughput of what the upload path uses (Bouncy Castle's pure-Java SHA256Digest, kept for
 * its resumable state) against the JDK's MessageDigest, which HotSpot compiles to the CPU's SHA
 * instructions (SHA-NI on x86) when -XX:+UseSHA (the default where supported).
 *
 * No JMH: a warm-up pass, then the best of several timed passes over a 256 KiB buffer, the size
 * an upload chunk is copied in (FilesystemByteStore). Run with the Bouncy Castle jar on the class path:
 *
 *   java -cp ~/.m2/repository/org/bouncycastle/bcprov-jdk18on/1.87/bcprov-jdk18on-1.87.jar bench/HashBench.java
 *
 * Also checks whether the JDK digest's state can be exported and restored (the one thing Bouncy
 * Castle is used for); that needs --add-opens java.base/java.security=ALL-UNNAMED
 * --add-opens java.base/sun.security.provider=ALL-UNNAMED and reports "not accessible" otherwise.
 */
public class HashBench {

    static final int BUFFER = 256 * 1024;
    static final long PASS_BYTES = 512L << 20;
    static volatile Object sink;

    interface Hash {
        void update(byte[] b, int off, int len);

        byte[] digest();
    }

    public static void main(String[] args) throws Exception {
        byte[] buffer = new byte[BUFFER];
        new Random(42).nextBytes(buffer);
        System.out.printf("java %s, %s; UseSHA intrinsics flag decides the JDK figure%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"));
        double bc = measure("Bouncy Castle SHA256Digest", buffer, () -> {
            SHA256Digest d = new SHA256Digest();
            return new Hash() {
                public void update(byte[] b, int off, int len) { d.update(b, off, len); }
                public byte[] digest() { byte[] out = new byte[32]; d.doFinal(out, 0); return out; }
            };
        });
        double jdk = measure("JDK MessageDigest SHA-256", buffer, () -> {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return new Hash() {
                public void update(byte[] b, int off, int len) { d.update(b, off, len); }
                public byte[] digest() { return d.digest(); }
            };
        });
        System.out.printf("JDK / Bouncy Castle: %.1fx; hashing 1 GiB costs %.2f s (BC) vs %.2f s (JDK) of one core%n",
                jdk / bc, 1073.741824 / bc, 1073.741824 / jdk);
        stateExport(buffer);
    }

    interface HashFactory {
        Hash create() throws Exception;
    }

    static double measure(String name, byte[] buffer, HashFactory factory) throws Exception {
        double best = 0;
        for (int pass = 0; pass < 6; pass++) {
            Hash h = factory.create();
            long t0 = System.nanoTime();
            for (long done = 0; done < PASS_BYTES; done += buffer.length) {
                h.update(buffer, 0, buffer.length);
            }
            sink = h.digest();
            double mbps = PASS_BYTES / 1e6 / ((System.nanoTime() - t0) / 1e9);
            if (pass > 0) { // pass 0 warms up the JIT
                best = Math.max(best, mbps);
            }
        }
        System.out.printf("%-28s %8.0f MB/s (best of 5 x %d MiB)%n", name, best, PASS_BYTES >> 20);
        return best;
    }

    /** Exports the JDK SHA-256 state mid-stream, restores it into a fresh digest, and compares results. */
    static void stateExport(byte[] buffer) {
        try {
            MessageDigest a = MessageDigest.getInstance("SHA-256");
            a.update(buffer, 0, 100_003); // not a multiple of the 64-byte block: a partial block is buffered
            Object spi = spi(a);
            Class<?> base = Class.forName("sun.security.provider.DigestBase");
            Class<?> sha2 = Class.forName("sun.security.provider.SHA2");
            int[] state = ((int[]) field(sha2, "state").get(spi)).clone();
            byte[] partial = ((byte[]) field(base, "buffer").get(spi)).clone();
            int bufOfs = field(base, "bufOfs").getInt(spi);
            long processed = field(base, "bytesProcessed").getLong(spi);

            MessageDigest b = MessageDigest.getInstance("SHA-256");
            Object spiB = spi(b);
            System.arraycopy(state, 0, (int[]) field(sha2, "state").get(spiB), 0, state.length);
            System.arraycopy(partial, 0, (byte[]) field(base, "buffer").get(spiB), 0, partial.length);
            field(base, "bufOfs").setInt(spiB, bufOfs);
            field(base, "bytesProcessed").setLong(spiB, processed);

            a.update(buffer, 100_003, 50_000);
            b.update(buffer, 100_003, 50_000);
            boolean same = MessageDigest.isEqual(a.digest(), b.digest());
            System.out.printf("JDK SHA-256 state export/restore via reflection: %s (state %d ints + %d-byte block)%n",
                    same ? "works, digests match" : "MISMATCH", state.length, partial.length);
        } catch (java.security.GeneralSecurityException | ReflectiveOperationException | RuntimeException e) {
            System.out.println("JDK SHA-256 state export/restore: not accessible (" + e.getClass().getSimpleName()
                    + "); run with --add-opens java.base/java.security=ALL-UNNAMED"
                    + " --add-opens java.base/sun.security.provider=ALL-UNNAMED to try it");
        }
    }

    static Object spi(MessageDigest md) throws ReflectiveOperationException {
        // MessageDigest.getInstance wraps a MessageDigestSpi that is not itself a MessageDigest.
        for (Class<?> c = md.getClass(); c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals("digestSpi")) {
                    f.setAccessible(true);
                    return f.get(md);
                }
            }
        }
        return md;
    }

    static Field field(Class<?> c, String name) throws NoSuchFieldException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

}
