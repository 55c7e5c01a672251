package dev.berth.storage;

import java.util.UUID;

import dev.berth.oci.Digest;

/**
 * Where things live in every back-end, as keys relative to the store's root (a directory, a bucket
 * prefix):
 *
 * <pre>
 * blobs/sha256/ab/abcdef...   one object per blob, named by its digest
 * uploads/&lt;area&gt;...           one upload area per session, named by a UUID the store made
 * </pre>
 *
 * Keys come only from validated digests and from area names made here, so no client input ever
 * becomes a path or an object key.
 */
public final class BlobLayout {

    /** The prefix of every upload area's keys. */
    public static final String UPLOADS = "uploads/";

    private BlobLayout() {
    }

    /** The key of a stored blob. */
    public static String blobKey(Digest digest) {
        return "blobs/" + digest.algorithm().prefix() + "/" + digest.hex().substring(0, 2) + "/" + digest.hex();
    }

    /** A fresh upload area name. */
    static String newArea() {
        return UUID.randomUUID().toString();
    }

    /** The area name itself, if it is one this layout made; refuses anything else. */
    public static String requireArea(String name) {
        if (name == null || name.length() != 36 || !UUID.fromString(name).toString().equals(name)) {
            throw new IllegalArgumentException("not an upload handle of this store");
        }
        return name;
    }

    /** The area a key under {@link #UPLOADS} belongs to, or {@code null} for a key outside any area. */
    public static String areaOfKey(String key) {
        if (!key.startsWith(UPLOADS)) {
            return null;
        }
        String rest = key.substring(UPLOADS.length());
        int end = rest.indexOf('/');
        String area = end < 0 ? rest : rest.substring(0, end);
        try {
            return requireArea(area);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
