package dev.berth.identity.workload;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One way a robot trusts CI jobs: tokens from {@code issuer}, for {@code audience}, whose claims meet
 * every condition.
 */
public record TrustRule(long id, String issuer, String audience, Map<String, String> conditions, String createdBy,
                        Instant createdAt) {

    public TrustRule {
        conditions = Collections.unmodifiableMap(new TreeMap<>(conditions));
    }

    ClaimConditions claimConditions() {
        return new ClaimConditions(conditions);
    }
}
