package dev.berth.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A certificate authority of Berth's own: a P-256 key and a self-signed CA certificate that may
 * sign only end-entity certificates (path length 0), and the server certificates it issues, with
 * the host names and addresses as subject alternative names (what clients check; the common name
 * is for people). P-256 because every client (Go's crypto/tls in docker, podman, containerd; the
 * JDK; OpenSSL) verifies it, and it is quick to make.
 *
 * @param certificate the CA's certificate (what clients trust)
 * @param key         the CA's private key
 */
record LocalCertificateAuthority(X509Certificate certificate, PrivateKey key) {

    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration SERVER_VALIDITY = Duration.ofDays(365);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A server certificate and its key pair. */
    record Issued(X509Certificate certificate, KeyPair keys) {
    }

    /** A new CA, valid from {@code now} for {@link #CA_VALIDITY}, named after {@code machine}. */
    static LocalCertificateAuthority create(String machine, Instant now) throws GeneralSecurityException {
        KeyPair keys = newKeyPair();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Berth")
                .addRDN(BCStyle.CN, "Berth local CA " + machine + " " + now.getEpochSecond()).build();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), notBefore(now),
                Date.from(now.plus(CA_VALIDITY)), name, keys.getPublic());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot build the CA certificate", e);
        }
        return new LocalCertificateAuthority(sign(builder, keys.getPrivate()), keys.getPrivate());
    }

    /** A server certificate for {@code hosts} (names and IP addresses), valid from {@code now} for {@code validity}. */
    Issued issue(Collection<String> hosts, Instant now, Duration validity) throws GeneralSecurityException {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one host");
        }
        KeyPair keys = newKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Berth")
                .addRDN(BCStyle.CN, hosts.iterator().next()).build();
        Date notAfter = Date.from(now.plus(validity));
        if (notAfter.after(certificate.getNotAfter())) {
            notAfter = certificate.getNotAfter();
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(), notBefore(now),
                notAfter, subject, keys.getPublic());
        List<GeneralName> names = new ArrayList<>();
        for (String host : hosts) {
            names.add(isAddress(host) ? new GeneralName(GeneralName.iPAddress, host)
                    : new GeneralName(GeneralName.dNSName, host));
        }
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot build the server certificate", e);
        }
        return new Issued(sign(builder, key), keys);
    }

    /** Whether this CA signed {@code issued}. */
    boolean signed(X509Certificate issued) {
        try {
            issued.verify(certificate.getPublicKey());
            return issued.getIssuerX500Principal().equals(certificate.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The hosts as a certificate lists them: names in lower case, addresses as the JDK writes them
     * ({@code ::1} becomes {@code 0:0:0:0:0:0:0:1}), so a wanted list and a certificate's compare equal.
     */
    static Set<String> canonical(Collection<String> hosts) {
        Set<String> canonical = new LinkedHashSet<>();
        for (String host : hosts) {
            String trimmed = host.trim();
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                trimmed = trimmed.substring(1, trimmed.length() - 1);
            }
            if (trimmed.isEmpty()) {
                continue;
            }
            canonical.add(isAddress(trimmed) ? literal(trimmed) : trimmed.toLowerCase(Locale.ROOT));
        }
        return canonical;
    }

    /** The DNS names and IP addresses a certificate is for (its subject alternative names). */
    static Set<String> hosts(X509Certificate certificate) {
        Set<String> hosts = new LinkedHashSet<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    int type = (Integer) name.get(0);
                    if (type == GeneralName.dNSName || type == GeneralName.iPAddress) {
                        hosts.add(type == GeneralName.iPAddress ? literal((String) name.get(1))
                                : ((String) name.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return Set.of();
        }
        return hosts;
    }

    static boolean isAddress(String host) {
        return IPAddress.isValid(host);
    }

    private static String literal(String address) {
        try {
            // An address literal is parsed, never looked up.
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    /** Positive, 127 random bits: unique without a counter to keep (RFC 5280 allows up to 20 octets). */
    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(0);
    }

    /** An hour back, for clients whose clocks are a little behind. */
    private static Date notBefore(Instant now) {
        return Date.from(now.minus(Duration.ofHours(1)));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign a certificate with " + SIGNATURE, e);
        }
    }

    @Override
    public String toString() {
        return "LocalCertificateAuthority[" + certificate.getSubjectX500Principal() + ", key hidden]";
    }
}
