package dev.berth.oci;

/**
 * A tag per the spec grammar {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}.
 */
public record Tag(String value) implements Comparable<Tag> {

    public static final int MAX_LENGTH = 128;

    public Tag {
        if (!isValid(value)) {
            throw new OciException(OciErrorCode.MANIFEST_INVALID, "invalid tag: " + Digest.abbreviate(value));
        }
    }

    public static Tag of(String value) {
        return new Tag(value);
    }

    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        char first = value.charAt(0);
        if (!(isAlphanumeric(first) || first == '_')) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(isAlphanumeric(c) || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(Tag other) {
        return value.compareTo(other.value);
    }
}
