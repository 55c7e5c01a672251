package dev.berth.oci;

/**
 * A repository name per the spec grammar: path components of lowercase alphanumerics joined by
 * {@code .}, {@code _}, {@code __} or runs of {@code -}, separated by {@code /}, at most 255 characters.
 * Checked by hand rather than with a regular expression, and length first, so hostile input costs
 * nothing (Java's regex engine overflows its stack on long alternations).
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests">spec: name grammar</a>
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {

    public static final int MAX_LENGTH = 255;

    public RepositoryName {
        if (!isValid(value)) {
            throw new OciException(OciErrorCode.NAME_INVALID, "invalid repository name: " + Digest.abbreviate(value));
        }
    }

    public static RepositoryName of(String value) {
        return new RepositoryName(value);
    }

    /** The first path component, which later features treat as the namespace. */
    public String namespace() {
        int slash = value.indexOf('/');
        return slash < 0 ? value : value.substring(0, slash);
    }

    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        int start = 0;
        while (true) {
            int slash = value.indexOf('/', start);
            int end = slash < 0 ? value.length() : slash;
            if (!isValidComponent(value, start, end)) {
                return false;
            }
            if (slash < 0) {
                return true;
            }
            start = slash + 1;
        }
    }

    /** {@code [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*} over {@code value[start, end)}. */
    private static boolean isValidComponent(String value, int start, int end) {
        if (start >= end || !isAlphanumeric(value.charAt(start)) || !isAlphanumeric(value.charAt(end - 1))) {
            return false;
        }
        int i = start;
        while (i < end) {
            char c = value.charAt(i);
            if (isAlphanumeric(c)) {
                i++;
                continue;
            }
            int separatorStart = i;
            if (c == '.') {
                i++;
            } else if (c == '_') {
                i++;
                if (i < end && value.charAt(i) == '_') {
                    i++;
                }
            } else if (c == '-') {
                while (i < end && value.charAt(i) == '-') {
                    i++;
                }
            } else {
                return false;
            }
            if (i == separatorStart || i >= end || !isAlphanumeric(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(RepositoryName other) {
        return value.compareTo(other.value);
    }
}
