package dev.berth.identity.oidc;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.stereotype.Component;

import dev.berth.config.BerthProperties;
import dev.berth.config.OidcProperties;

/**
 * The configured OpenID providers, as Spring Security's client registrations. Each is discovered
 * from its issuer on first use rather than at start, so Berth starts (and password sign-in works)
 * while a provider is down; a failed discovery is tried again on the next sign-in.
 */
@Component
public class OidcProviders implements ClientRegistrationRepository {

    private static final Logger log = LoggerFactory.getLogger(OidcProviders.class);
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** A provider as the login page lists it. */
    public record Listed(String id, String displayName) {
    }

    private final Map<String, OidcProperties.Provider> configured = new LinkedHashMap<>();
    private final Map<String, ClientRegistration> discovered = new ConcurrentHashMap<>();
    private final String redirectUri;

    OidcProviders(OidcProperties properties, BerthProperties berth) {
        for (int i = 0; i < properties.providers().size(); i++) {
            OidcProperties.Provider provider = properties.providers().get(i);
            validate(provider, "berth.auth.oidc.providers[" + i + "]");
            if (configured.putIfAbsent(provider.id(), provider) != null) {
                throw new IllegalStateException("berth.auth.oidc.providers: the id " + provider.id() + " is used twice");
            }
        }
        String external = berth.externalUrl() == null ? null : berth.externalUrl().toString().replaceAll("/+$", "");
        // Behind a proxy the callback must be the address the browser sees, not the one Berth was reached at.
        this.redirectUri = (external == null ? "{baseUrl}" : external) + "/login/oauth2/code/{registrationId}";
    }

    public List<Listed> list() {
        return configured.values().stream()
                .map(provider -> new Listed(provider.id(), provider.displayName() == null ? provider.id()
                        : provider.displayName()))
                .toList();
    }

    public Optional<OidcProperties.Provider> provider(String id) {
        return Optional.ofNullable(configured.get(id));
    }

    /**
     * @throws IllegalStateException when the provider's issuer cannot be discovered (the sign-in
     *                               fails with that reason; the next one tries again)
     */
    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        OidcProperties.Provider provider = configured.get(registrationId);
        if (provider == null) {
            return null;
        }
        return discovered.computeIfAbsent(registrationId, id -> discover(provider));
    }

    private ClientRegistration discover(OidcProperties.Provider provider) {
        ClientRegistration.Builder builder;
        try {
            builder = ClientRegistrations.fromIssuerLocation(provider.issuerUri().toString());
        } catch (RuntimeException e) {
            log.warn("OIDC provider {}: cannot discover {}: {}", provider.id(), provider.issuerUri(), e.getMessage());
            throw new IllegalStateException("the provider " + provider.id() + " cannot be reached", e);
        }
        Set<String> scopes = new LinkedHashSet<>(List.of("openid"));
        scopes.addAll(provider.scopes());
        return builder.registrationId(provider.id())
                .clientId(provider.clientId())
                .clientSecret(provider.clientSecret())
                .clientName(provider.displayName() == null ? provider.id() : provider.displayName())
                .scope(scopes)
                .redirectUri(redirectUri)
                // The name Berth uses is read, and checked, by OidcSignInHandler; sub is always there.
                .userNameAttributeName("sub")
                // PKCE even though Berth is a confidential client (RFC 9700 recommends it for all).
                .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
                .build();
    }

    private static void validate(OidcProperties.Provider provider, String where) {
        if (provider.id() == null || !ID.matcher(provider.id()).matches()) {
            throw new IllegalStateException(where + ".id must be lowercase letters and digits, optionally "
                    + "separated by '-', not " + provider.id());
        }
        if (provider.issuerUri() == null || !provider.issuerUri().isAbsolute()) {
            throw new IllegalStateException(where + ".issuer-uri is required (https://idp.example.com/realms/x)");
        }
        if (provider.clientId() == null || provider.clientId().isBlank()) {
            throw new IllegalStateException(where + ".client-id is required");
        }
        if (provider.clientSecret() == null || provider.clientSecret().isBlank()) {
            throw new IllegalStateException(where + ".client-secret is required");
        }
    }
}
