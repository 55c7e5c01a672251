package dev.berth.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The PEM certificate chain and private key Berth serves, checked before the web server starts so
 * a mistake stops Berth with a message naming the setting and the file, never a handshake failure
 * later. The messages never quote the files' content.
 *
 * @param certificateFile the chain, the server's certificate first
 * @param keyFile         its private key
 * @param chain           the certificates read from {@code certificateFile}
 */
record CertificateFiles(Path certificateFile, Path keyFile, List<X509Certificate> chain) {

    static final String CERTIFICATE_SETTING = "berth.tls.certificate-file";
    static final String KEY_SETTING = "berth.tls.key-file";

    /** The server's own certificate. */
    X509Certificate leaf() {
        return chain.get(0);
    }

    /** Reads both files and checks that the key belongs to the first certificate; throws with a clear message if not. */
    static CertificateFiles check(Path certificateFile, Path keyFile) {
        readable(CERTIFICATE_SETTING, certificateFile);
        readable(KEY_SETTING, keyFile);
        List<X509Certificate> chain;
        try {
            chain = PemFiles.certificates(certificateFile);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(CERTIFICATE_SETTING + " " + certificateFile
                    + " is not a PEM certificate chain: " + reason(e), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalStateException(CERTIFICATE_SETTING + " " + certificateFile
                    + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        PrivateKey key;
        try {
            key = PemFiles.privateKey(keyFile);
        } catch (IOException | RuntimeException e) {
            // No cause attached: a parser's exception about a key file is not worth the risk of quoting it.
            throw new IllegalStateException(KEY_SETTING + " " + keyFile + " is not an unencrypted PEM private key"
                    + " (PKCS#8, PKCS#1 RSA or SEC1 EC; decrypt one with openssl pkey): " + reason(e));
        }
        if (key == null) {
            throw new IllegalStateException(KEY_SETTING + " " + keyFile
                    + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        if (!matches(key, chain.get(0))) {
            throw new IllegalStateException(KEY_SETTING + " " + keyFile + " is not the key of the certificate in "
                    + CERTIFICATE_SETTING + " " + certificateFile + " (" + chain.get(0).getSubjectX500Principal()
                    + "): the first certificate of the chain must be the server's own");
        }
        return new CertificateFiles(certificateFile, keyFile, List.copyOf(chain));
    }

    /** Whether {@code key} is the private half of the certificate's public key: it signs, the certificate verifies. */
    static boolean matches(PrivateKey key, X509Certificate certificate) {
        String type = key.getAlgorithm();
        if (!type.equals(certificate.getPublicKey().getAlgorithm())) {
            return false;
        }
        String algorithm = switch (type) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> type; // Ed25519, Ed448: the key type names the signature
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void readable(String setting, Path file) {
        if (!Files.exists(file)) {
            throw new IllegalStateException(setting + " " + file.toAbsolutePath() + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(setting + " " + file.toAbsolutePath() + " is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalStateException(setting + " " + file.toAbsolutePath()
                    + " is not readable by the user Berth runs as");
        }
        try (var in = Files.newInputStream(file)) {
            in.read();
        } catch (IOException e) {
            throw new IllegalStateException(setting + " " + file.toAbsolutePath() + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** The cause's first line, cut short, and never one that quotes PEM (which may be a key). */
    private static String reason(Exception e) {
        String line = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return line.contains("-----") || line.length() > 200 ? e.getClass().getSimpleName() : line;
    }
}
