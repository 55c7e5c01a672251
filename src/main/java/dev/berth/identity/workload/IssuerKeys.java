package dev.berth.identity.workload;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;

import org.springframework.stereotype.Component;

import dev.berth.auth.AuthException;
import dev.berth.config.WorkloadProperties;

/**
 * The signing keys of the trusted issuers, found through each one's discovery document and cached:
 * used for {@code keys-cache-ttl}, fetched again at once (rate-limited) when a token names a key
 * not yet seen, as after the issuer rotated its keys. Only issuers an admin listed are ever asked,
 * whatever a token's {@code iss} says.
 */
@Component
class IssuerKeys {

    /** A failed discovery is not retried sooner: a stream of tokens must not become a stream of requests. */
    private static final Duration DISCOVERY_RETRY = Duration.ofSeconds(30);
    private static final int SIZE_LIMIT = 256 * 1024;

    private record Known(JWKSource<SecurityContext> keys, Instant failedAt) {
    }

    private final WorkloadProperties properties;
    private final ResourceRetriever http;
    private final Clock clock;
    private final Map<String, Known> issuers = new ConcurrentHashMap<>();

    IssuerKeys(WorkloadProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        int timeout = (int) properties.timeout().toMillis();
        this.http = new DefaultResourceRetriever(timeout, timeout, SIZE_LIMIT);
    }

    /**
     * @throws AuthException when the issuer is not trusted, or its discovery document cannot be read
     *                       or names another issuer
     */
    JWKSource<SecurityContext> of(String issuer) {
        if (!properties.trusts(issuer)) {
            throw new AuthException("untrusted issuer " + issuer);
        }
        Known known = issuers.compute(issuer, (name, before) -> {
            if (before != null && (before.keys() != null
                    || clock.instant().isBefore(before.failedAt().plus(DISCOVERY_RETRY)))) {
                return before;
            }
            try {
                return new Known(discover(name), null);
            } catch (IOException | ParseException | IllegalArgumentException e) {
                return new Known(null, clock.instant());
            }
        });
        if (known.keys() == null) {
            throw new AuthException("the keys of " + issuer + " could not be fetched (its discovery document at "
                    + discoveryUri(issuer) + " is unreachable or invalid); retried after " + DISCOVERY_RETRY);
        }
        return known.keys();
    }

    private JWKSource<SecurityContext> discover(String issuer) throws IOException, ParseException {
        Map<String, Object> document = JSONObjectUtils.parse(http.retrieveResource(discoveryUri(issuer).toURL())
                .getContent());
        if (!issuer.equals(JSONObjectUtils.getString(document, "issuer"))) {
            throw new IllegalArgumentException("the discovery document names another issuer");
        }
        URI jwks = JSONObjectUtils.getURI(document, "jwks_uri");
        if (jwks == null || !("https".equals(jwks.getScheme()) || "http".equals(jwks.getScheme()))) {
            throw new IllegalArgumentException("the discovery document has no http(s) jwks_uri");
        }
        URL url = jwks.toURL();
        return JWKSourceBuilder.<SecurityContext>create(url, http)
                .cache(properties.keysCacheTtl().toMillis(), properties.timeout().toMillis())
                .build();
    }

    private static URI discoveryUri(String issuer) {
        return URI.create((issuer.endsWith("/") ? issuer : issuer + "/") + ".well-known/openid-configuration");
    }
}
