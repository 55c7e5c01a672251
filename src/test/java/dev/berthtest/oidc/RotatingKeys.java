package dev.berthtest.oidc;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The provider's signing keys, as its JWKS URI publishes them: the current key signs every token;
 * after {@link #rotate} a new key signs and the one before stays published (as real providers
 * keep the previous key while its tokens live), and any older one is dropped.
 */
final class RotatingKeys implements JWKSource<SecurityContext> {

    private volatile RSAKey current = generate();
    private volatile RSAKey previous;

    /** Makes a new current key and returns its {@code kid}. */
    synchronized String rotate() {
        previous = current;
        current = generate();
        return current.getKeyID();
    }

    String currentKeyId() {
        return current.getKeyID();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        List<JWK> keys = new ArrayList<>();
        keys.add(current);
        RSAKey before = previous;
        if (before != null) {
            keys.add(before);
        }
        return selector.select(new JWKSet(keys));
    }

    private static RSAKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
