package dev.berth.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Workload identity: CI jobs log in as robots with their OIDC tokens. Namespace owners write the
 * trust rules; these settings bound what the rules may trust.
 *
 * @param trustedIssuers   the OIDC issuers whose tokens robots may trust, exactly as the tokens'
 *                         {@code iss} says ({@code https://token.actions.githubusercontent.com},
 *                         {@code https://gitlab.com}); none by default, which leaves the feature off.
 *                         Berth fetches keys only from these, so a rule cannot make it dial any other host
 * @param keysCacheTtl     how long an issuer's keys (its JWKS) are used before they are fetched again; a
 *                         token signed with a key not yet seen fetches them at once (a key rotation),
 *                         at most every 30 seconds per issuer
 * @param clockSkew        how far the token's {@code exp}, {@code nbf} and {@code iat} may be off
 * @param maxTokenLifetime tokens that live longer ({@code exp - iat}) are refused: a CI job's token
 *                         lives minutes, and a long-lived one is not a job's
 * @param timeout          how long fetching an issuer's discovery document or keys may take
 */
@ConfigurationProperties("berth.auth.workload")
public record WorkloadProperties(@DefaultValue List<String> trustedIssuers,
                                 @DefaultValue("15m") Duration keysCacheTtl,
                                 @DefaultValue("30s") Duration clockSkew,
                                 @DefaultValue("6h") Duration maxTokenLifetime,
                                 @DefaultValue("10s") Duration timeout) {

    public WorkloadProperties {
        trustedIssuers = List.copyOf(trustedIssuers);
        for (String issuer : trustedIssuers) {
            URI uri;
            try {
                uri = URI.create(issuer);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("berth.auth.workload.trusted-issuers: " + issuer
                        + " is not a URL", e);
            }
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
                throw new IllegalArgumentException("berth.auth.workload.trusted-issuers: " + issuer
                        + " must be an http(s) URL with a host and no credentials, query or fragment");
            }
        }
        if (clockSkew.isNegative() || !positive(maxTokenLifetime) || !positive(keysCacheTtl) || !positive(timeout)) {
            throw new IllegalArgumentException("berth.auth.workload: clock-skew must not be negative; "
                    + "max-token-lifetime, keys-cache-ttl and timeout must be positive");
        }
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    public boolean trusts(String issuer) {
        return trustedIssuers.contains(issuer);
    }
}
