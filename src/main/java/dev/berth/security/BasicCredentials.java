package dev.berth.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** A username and secret from an {@code Authorization: Basic} header. */
public record BasicCredentials(String username, String secret) {

    /** Parses the header value; empty when it is not Basic, undecodable, or has no colon. */
    public static Optional<BasicCredentials> parse(String authorization) {
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return "BasicCredentials[username=" + username + ", secret=***]";
    }
}
