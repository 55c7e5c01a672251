package dev.berth.config;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication and access control.
 *
 * @param enabled           whether credentials are required at all; {@code false} opens the registry to anyone
 * @param adminPassword     the password of the {@code admin} user created on first start; generated when unset
 * @param service           the service name in challenges and the {@code aud} of tokens
 * @param issuer            the {@code iss} of tokens
 * @param tokenTtl          how long a registry token is valid
 * @param refreshTokenTtl   how long a refresh token ({@code offline_token=true}) is valid
 * @param basicOnV2         whether {@code /v2} also accepts HTTP Basic credentials directly
 * @param anonymousPull     whether namespaces allow anonymous pulls unless set otherwise per namespace
 * @param signingKeyFile    a PEM (PKCS#8) RSA or EC private key to sign tokens with, instead of keys kept
 *                          in the database
 * @param signingAlgorithm  the algorithm of keys Berth generates: RS256 or ES256
 * @param clockSkew         leeway when checking a token's {@code exp} and {@code nbf}
 * @param loginRateLimit    failed logins allowed per user and per client address before 429
 * @param keyEncryptionSecret     when set, the token signing keys in the database are encrypted with a
 *                                key derived from it (AES-256-GCM); at least 16 characters
 * @param keyEncryptionSecretFile the same secret read from a file (a mounted Kubernetes Secret)
 */
@ConfigurationProperties("berth.auth")
public record AuthProperties(@DefaultValue("true") boolean enabled,
                             String adminPassword,
                             @DefaultValue("berth") String service,
                             @DefaultValue("berth") String issuer,
                             @DefaultValue("5m") Duration tokenTtl,
                             @DefaultValue("30d") Duration refreshTokenTtl,
                             @DefaultValue("true") boolean basicOnV2,
                             @DefaultValue("false") boolean anonymousPull,
                             Path signingKeyFile,
                             @DefaultValue("RS256") String signingAlgorithm,
                             @DefaultValue("30s") Duration clockSkew,
                             @DefaultValue LoginRateLimit loginRateLimit,
                             String keyEncryptionSecret,
                             Path keyEncryptionSecretFile) {

    /**
     * @param maxFailures failed attempts within {@code window} that block further attempts
     * @param window      how long a failure counts
     */
    public record LoginRateLimit(@DefaultValue("10") int maxFailures, @DefaultValue("5m") Duration window) {
    }

    @Override
    public String toString() {
        return "AuthProperties[enabled=" + enabled + ", adminPassword=" + (adminPassword == null ? "unset" : "***")
                + ", service=" + service + ", issuer=" + issuer + ", tokenTtl=" + tokenTtl + ", basicOnV2="
                + basicOnV2 + ", anonymousPull=" + anonymousPull + ", keyEncryptionSecret="
                + (keyEncryptionSecret == null ? "unset" : "***") + ", keyEncryptionSecretFile="
                + keyEncryptionSecretFile + "]";
    }
}
