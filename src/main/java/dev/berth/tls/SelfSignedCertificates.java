package dev.berth.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.berth.config.TlsProperties;
import dev.berth.storage.PrivateFiles;

/**
 * {@code berth.tls.self-signed}: the files under {@code <data-dir>/tls/} ({@code 0700}). The CA
 * ({@code ca.crt}, what clients trust, and {@code ca.key}, {@code 0600}) is made once and kept, so
 * clients trust it once; the server certificate ({@code server.crt}: the server's certificate, then
 * the CA's; {@code server.key}, {@code 0600}) is issued again when the host list changed, when it
 * nears its end, or when it was not signed by this CA.
 */
final class SelfSignedCertificates {

    private final Path dir;

    SelfSignedCertificates(Path dataDir) {
        this.dir = dataDir.resolve("tls");
    }

    Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    Path caKey() {
        return dir.resolve("ca.key");
    }

    Path serverCertificate() {
        return dir.resolve("server.crt");
    }

    Path serverKey() {
        return dir.resolve("server.key");
    }

    /** The hosts the certificate is for: {@code berth.tls.hosts}, or by default {@link #defaultHosts()}. */
    static List<String> hosts(TlsProperties tls) {
        return tls.hosts().isEmpty() ? defaultHosts() : tls.hosts();
    }

    /** localhost, 127.0.0.1, ::1 and this machine's host name. */
    static List<String> defaultHosts() {
        List<String> hosts = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
        String machine = machineName();
        if (!machine.isEmpty() && !hosts.contains(machine)) {
            hosts.add(machine);
        }
        return hosts;
    }

    /**
     * Makes sure a server certificate for {@code hosts} valid beyond {@code now + renewBefore} is in
     * place. Returns what was made (for the log), or empty when the files on disk were kept.
     */
    Optional<String> ensure(Collection<String> hosts, Instant now, Duration renewBefore)
            throws IOException, GeneralSecurityException {
        Set<String> wanted = LocalCertificateAuthority.canonical(hosts);
        if (wanted.isEmpty()) {
            throw new IllegalStateException("berth.tls.hosts is empty: name at least one host the certificate is for");
        }
        PrivateFiles.createDirectories(dir);
        PrivateFiles.restrict(dir);
        String made = "";
        LocalCertificateAuthority ca = existingCa();
        if (ca == null || expiresBefore(ca.certificate(), now.plus(renewBefore))) {
            ca = LocalCertificateAuthority.create(machineName(), now);
            PemFiles.writePrivateKey(caKey(), ca.key());
            PemFiles.writeCertificates(caCertificate(), List.of(ca.certificate()));
            made = "a new local CA (" + caCertificate() + "; clients that trusted an earlier one must trust this one) and ";
        }
        PrivateFiles.restrict(caKey());
        Optional<String> stale = staleServerCertificate(ca, wanted, now.plus(renewBefore));
        if (stale.isEmpty() && made.isEmpty()) {
            return Optional.empty();
        }
        LocalCertificateAuthority.Issued issued = ca.issue(wanted, now, LocalCertificateAuthority.SERVER_VALIDITY);
        PemFiles.writePrivateKey(serverKey(), issued.keys().getPrivate());
        PemFiles.writeCertificates(serverCertificate(), List.of(issued.certificate(), ca.certificate()));
        return Optional.of(made + "a server certificate for " + wanted + ", serial "
                + issued.certificate().getSerialNumber().toString(16) + ", valid until "
                + issued.certificate().getNotAfter().toInstant() + stale.map(why -> " (" + why + ")").orElse(""));
    }

    /** The CA on disk, or null when either of its files is missing. */
    private LocalCertificateAuthority existingCa() throws IOException {
        if (!Files.exists(caCertificate()) || !Files.exists(caKey())) {
            return null;
        }
        try {
            List<X509Certificate> certificates = PemFiles.certificates(caCertificate());
            PrivateKey key = PemFiles.privateKey(caKey());
            if (certificates.isEmpty() || key == null || !CertificateFiles.matches(key, certificates.get(0))) {
                throw new IllegalStateException("no CA certificate and its key");
            }
            return new LocalCertificateAuthority(certificates.get(0), key);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("berth.tls.self-signed: " + caCertificate() + " and " + caKey()
                    + " are not a CA certificate and its key; move " + dir + " away to start with a new CA", e);
        }
    }

    /** Why the server certificate on disk must be issued again, or empty when it may stay. */
    private Optional<String> staleServerCertificate(LocalCertificateAuthority ca, Set<String> wanted, Instant until)
            throws IOException {
        if (!Files.exists(serverCertificate()) || !Files.exists(serverKey())) {
            return Optional.of("none yet");
        }
        try {
            List<X509Certificate> chain = PemFiles.certificates(serverCertificate());
            PrivateKey key = PemFiles.privateKey(serverKey());
            if (chain.isEmpty() || key == null || !CertificateFiles.matches(key, chain.get(0))) {
                return Optional.of("the files on disk were not a certificate and its key");
            }
            X509Certificate server = chain.get(0);
            if (!ca.signed(server)) {
                return Optional.of("the one on disk was signed by another CA");
            }
            if (!LocalCertificateAuthority.hosts(server).equals(wanted)) {
                return Optional.of("the one on disk was for " + LocalCertificateAuthority.hosts(server));
            }
            if (expiresBefore(server, until)) {
                return Optional.of("the one on disk expires " + server.getNotAfter().toInstant());
            }
            PrivateFiles.restrict(serverKey());
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.of("the files on disk could not be read: " + e.getMessage());
        }
    }

    private static boolean expiresBefore(X509Certificate certificate, Instant until) {
        return certificate.getNotAfter().toInstant().isBefore(until);
    }

    private static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }
}
