package dev.berth.identity.workload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a CI job's token must say beyond its issuer and audience: claim name to the value it must
 * have, all of them at once. A value may use {@code *} for any run of characters
 * ({@code refs/tags/v*}); a claim that is a list meets a condition when one of its elements does,
 * and a boolean or a number is compared as its JSON text ({@code ref_protected: "true"}).
 */
record ClaimConditions(Map<String, String> required) {

    static final int MAX_CONDITIONS = 20;
    static final int MAX_LENGTH = 512;

    ClaimConditions {
        required = Collections.unmodifiableMap(new TreeMap<>(required));
    }

    /**
     * The problems with these conditions, empty when they are fine. At least one is needed: an issuer
     * such as GitHub's signs tokens for every job of every repository in the world, so a rule
     * without a condition would trust them all; and a condition must name something (not only
     * {@code *}).
     */
    static List<String> problems(Map<String, String> conditions) {
        List<String> problems = new ArrayList<>();
        if (conditions == null || conditions.isEmpty()) {
            problems.add("at least one claim condition is required (for GitHub Actions e.g. repository and ref): "
                    + "an issuer signs tokens for every job it runs, not only yours");
            return problems;
        }
        if (conditions.size() > MAX_CONDITIONS) {
            problems.add("at most " + MAX_CONDITIONS + " conditions");
        }
        conditions.forEach((claim, value) -> {
            if (claim == null || claim.isBlank() || claim.length() > 255) {
                problems.add("a claim name is 1 to 255 characters");
            } else if (isProtocolClaim(claim)) {
                problems.add(claim + " is checked by the rule's issuer and audience or by the token's lifetime; "
                        + "it cannot be a condition");
            } else if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
                problems.add(claim + ": a value is 1 to " + MAX_LENGTH + " characters");
            } else if (value.chars().allMatch(c -> c == '*')) {
                problems.add(claim + ": a value must name something, not only '*'");
            }
        });
        return problems;
    }

    /** The first condition the claims do not meet, by name; empty when they meet them all. */
    Optional<String> firstUnmet(Map<String, Object> claims) {
        for (Map.Entry<String, String> condition : required.entrySet()) {
            Pattern pattern = pattern(condition.getValue());
            Object claim = claims.get(condition.getKey());
            boolean met = claim instanceof Collection<?> values
                    ? values.stream().anyMatch(value -> matches(pattern, value))
                    : matches(pattern, claim);
            if (!met) {
                return Optional.of(condition.getKey());
            }
        }
        return Optional.empty();
    }

    private static boolean matches(Pattern pattern, Object claim) {
        return claim != null && !(claim instanceof Map) && pattern.matcher(String.valueOf(claim)).matches();
    }

    private static boolean isProtocolClaim(String claim) {
        return switch (claim) {
            case "iss", "aud", "exp", "nbf", "iat", "jti" -> true;
            default -> false;
        };
    }

    private static Pattern pattern(String value) {
        StringBuilder regex = new StringBuilder();
        int start = 0;
        for (int star = value.indexOf('*'); star >= 0; star = value.indexOf('*', start)) {
            regex.append(Pattern.quote(value.substring(start, star))).append(".*");
            start = star + 1;
        }
        return Pattern.compile(regex.append(Pattern.quote(value.substring(start))).toString(), Pattern.DOTALL);
    }
}
