package dev.berth.oci;

/**
 * What follows {@code /manifests/}: a tag or a digest.
 */
public sealed interface Reference permits Reference.ByTag, Reference.ByDigest {

    /** Parses a manifest reference: a digest when it has the digest's shape, otherwise a tag. */
    static Reference parse(String value) {
        if (Digest.looksLikeDigest(value)) {
            return new ByDigest(Digest.parse(value));
        }
        if (!Tag.isValid(value)) {
            throw new OciException(OciErrorCode.MANIFEST_INVALID, "invalid tag: " + Digest.abbreviate(value));
        }
        return new ByTag(new Tag(value));
    }

    record ByTag(Tag tag) implements Reference {
        @Override
        public String toString() {
            return tag.value();
        }
    }

    record ByDigest(Digest digest) implements Reference {
        @Override
        public String toString() {
            return digest.toString();
        }
    }
}
