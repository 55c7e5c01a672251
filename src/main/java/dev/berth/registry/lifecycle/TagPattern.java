package dev.berth.registry.lifecycle;

import java.util.regex.Pattern;

import dev.berth.oci.Tag;

/**
 * A pattern over whole tag names: tag characters, and {@code *} for any run of them
 * ({@code v*}, {@code release-*}, {@code *-stable}, {@code latest}).
 */
public record TagPattern(String value) {

    public TagPattern {
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a tag pattern: " + value);
        }
    }

    /** Tag characters and {@code *}, at most a tag's length; a pattern that is only {@code *} is allowed. */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > Tag.MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean tagChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            if (!tagChar && c != '*') {
                return false;
            }
        }
        return true;
    }

    public boolean matches(String tag) {
        StringBuilder regex = new StringBuilder();
        for (String literal : value.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        if (value.equals("*")) {
            return true;
        }
        return Pattern.matches(regex.toString(), tag);
    }

    @Override
    public String toString() {
        return value;
    }
}
