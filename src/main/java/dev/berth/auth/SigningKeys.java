package dev.berth.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import dev.berth.config.AuthProperties;
import dev.berth.metadata.SigningKeyRows;
import dev.berth.metadata.SigningKeyRows.KeyRow;

/**
 * The keys registry tokens are signed with. Every replica reads them from the database (or all
 * read one configured key file), so a token issued by one is accepted by all. Rotation adds a new
 * signing key and retires the old ones, which keep verifying until the tokens they signed expire.
 * Private keys are stored sealed by {@link KeyEncryption} when a key-encryption secret is set;
 * keys stored in clear before are sealed at start.
 */
@Service
public class SigningKeys implements SmartInitializingSingleton {

    /** A key that signs: its JWK (with the private part) and the algorithm it signs with. */
    public record SigningKey(String kid, JWSAlgorithm algorithm, JWK jwk) {
    }

    private static final Duration CURRENT_KEY_REFRESH = Duration.ofSeconds(30);

    private final SigningKeyRows keys;
    private final AuthProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SigningKey fileKey;
    private final KeyEncryption encryption;
    private final Map<String, Optional<SigningKey>> verificationKeys = new ConcurrentHashMap<>();
    private volatile SigningKey current;
    private volatile Instant currentReadAt = Instant.MIN;

    SigningKeys(SigningKeyRows keys, AuthProperties properties, TransactionTemplate transactions,
                Clock clock, KeyEncryption encryption) {
        this.encryption = encryption;
        this.keys = keys;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
        this.fileKey = properties.signingKeyFile() == null ? null : readKeyFile(properties.signingKeyFile());
    }

    /**
     * Before the server takes requests: seals keys stored in clear when a secret is configured, and
     * fails the start when stored keys are sealed with a secret that is not (or not this one).
     */
    @Override
    public void afterSingletonsInstantiated() {
        if (fileKey != null) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            for (KeyRow key : keys.findAll()) {
                byte[] plain = encryption.open(key.privateKey(), key.kid());
                if (encryption.enabled() && !KeyEncryption.isSealed(key.privateKey())) {
                    keys.setPrivateKey(key.kid(), encryption.seal(plain, key.kid()));
                }
            }
        });
    }

    /** The key new tokens are signed with; created on first use when there is none. */
    public SigningKey current() {
        if (fileKey != null) {
            return fileKey;
        }
        SigningKey key = current;
        if (key != null && clock.instant().isBefore(currentReadAt.plus(CURRENT_KEY_REFRESH))) {
            return key;
        }
        synchronized (this) {
            List<KeyRow> active = keys.active();
            if (active.isEmpty()) {
                generateAndStore();
                active = keys.active();
            }
            current = toSigningKey(active.get(0));
            currentReadAt = clock.instant();
            return current;
        }
    }

    /** The key with this id, if tokens it signed may still be accepted. */
    public Optional<SigningKey> forVerification(String kid) {
        if (kid == null) {
            return Optional.empty();
        }
        if (fileKey != null) {
            return fileKey.kid().equals(kid) ? Optional.of(fileKey) : Optional.empty();
        }
        Optional<SigningKey> cached = verificationKeys.get(kid);
        if (cached != null && cached.isPresent()) {
            return cached;
        }
        // Unknown ids are looked up each time (another replica may just have rotated), never cached as absent.
        Optional<SigningKey> found = keys.find(kid).map(this::toSigningKey);
        if (found.isPresent()) {
            if (verificationKeys.size() > 1000) {
                verificationKeys.clear();
            }
            verificationKeys.put(kid, found);
        }
        return found;
    }

    /**
     * Starts signing with a new key. The old keys keep verifying; those retired longer ago than
     * a refresh token lives are deleted.
     */
    public String rotate() {
        if (fileKey != null) {
            throw new IllegalStateException("tokens are signed with berth.auth.signing-key-file; replace the file");
        }
        String kid = transactions.execute(status -> {
            String created = generateAndStore();
            Instant now = clock.instant();
            keys.retireAllBut(created, now);
            keys.deleteRetiredBefore(now.minus(properties.refreshTokenTtl()).minus(properties.tokenTtl()));
            return created;
        });
        verificationKeys.clear();
        current = null;
        return kid;
    }

    private String generateAndStore() {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(properties.signingAlgorithm());
        try {
            KeyPair pair;
            if (JWSAlgorithm.ES256.equals(algorithm)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                pair = generator.generateKeyPair();
            } else if (JWSAlgorithm.RS256.equals(algorithm)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                pair = generator.generateKeyPair();
            } else {
                throw new IllegalStateException("berth.auth.signing-algorithm must be RS256 or ES256");
            }
            String kid = toJwk(algorithm, pair.getPublic(), pair.getPrivate()).computeThumbprint().toString();
            KeyRow row = new KeyRow(kid, algorithm.getName(), encryption.seal(pair.getPrivate().getEncoded(), kid),
                    pair.getPublic().getEncoded(), clock.instant(), null);
            try {
                keys.insert(row);
            } catch (DataIntegrityViolationException e) {
                // Practically impossible (a thumbprint collision); the caller re-reads the keys anyway.
            }
            return kid;
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("cannot generate a token signing key", e);
        }
    }

    private SigningKey toSigningKey(KeyRow stored) {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(stored.algorithm());
        try {
            KeyFactory factory = KeyFactory.getInstance(JWSAlgorithm.ES256.equals(algorithm) ? "EC" : "RSA");
            PrivateKey privateKey = factory.generatePrivate(
                    new PKCS8EncodedKeySpec(encryption.open(stored.privateKey(), stored.kid())));
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(stored.publicKey()));
            return new SigningKey(stored.kid(), algorithm, toJwk(algorithm, publicKey, privateKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable token signing key " + stored.kid(), e);
        }
    }

    private static JWK toJwk(JWSAlgorithm algorithm, PublicKey publicKey, PrivateKey privateKey) {
        if (JWSAlgorithm.ES256.equals(algorithm)) {
            return new ECKey.Builder(Curve.P_256, (java.security.interfaces.ECPublicKey) publicKey)
                    .privateKey(privateKey).algorithm(algorithm).build();
        }
        return new RSAKey.Builder((java.security.interfaces.RSAPublicKey) publicKey)
                .privateKey(privateKey).algorithm(algorithm).build();
    }

    /** Reads a PKCS#8 PEM private key (RSA: RS256, P-256 EC: ES256); its public half is derived. */
    static SigningKey readKeyFile(Path file) {
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
            PrivateKey privateKey;
            try {
                privateKey = KeyFactory.getInstance("RSA").generatePrivate(spec);
            } catch (GeneralSecurityException notRsa) {
                privateKey = KeyFactory.getInstance("EC").generatePrivate(spec);
            }
            JWSAlgorithm algorithm;
            PublicKey publicKey;
            if (privateKey instanceof RSAPrivateCrtKey rsa) {
                algorithm = JWSAlgorithm.RS256;
                publicKey = KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            } else if (privateKey instanceof ECPrivateKey ec) {
                algorithm = JWSAlgorithm.ES256;
                org.bouncycastle.math.ec.ECPoint q = EC5Util.convertSpec(ec.getParams()).getG()
                        .multiply(ec.getS()).normalize();
                publicKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                        new ECPoint(new BigInteger(1, q.getAffineXCoord().getEncoded()),
                                new BigInteger(1, q.getAffineYCoord().getEncoded())), ec.getParams()));
            } else {
                throw new IllegalStateException(file + " holds neither an RSA nor an EC private key");
            }
            JWK jwk = toJwk(algorithm, publicKey, privateKey);
            return new SigningKey(jwk.computeThumbprint().toString(), algorithm, jwk);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read berth.auth.signing-key-file " + file, e);
        } catch (GeneralSecurityException | JOSEException | IllegalArgumentException e) {
            throw new IllegalStateException("berth.auth.signing-key-file " + file
                    + " is not a PKCS#8 PEM private key (openssl genpkey ...)", e);
        }
    }
}
