package dev.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * berth.tls.self-signed without a server: the first start makes a CA and a server certificate that
 * a PKIX validator accepts for the hosts; later starts keep them, and only the server certificate
 * is issued again (by the same CA) when the hosts change or its end comes near.
 */
class SelfSignedCertificatesTest {

    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final List<String> HOSTS = List.of("registry.example.internal", "localhost", "127.0.0.1", "::1");
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void ensure_firstStart_makesCaAndServerCertificateWithPrivateKeys() throws Exception {
        SelfSignedCertificates files = new SelfSignedCertificates(dataDir);

        Optional<String> made = files.ensure(HOSTS, NOW, RENEW_BEFORE);

        assertThat(made).hasValueSatisfying(text -> assertThat(text).contains("a new local CA", "registry.example.internal"));
        assertThat(mode(dataDir.resolve("tls"))).isEqualTo("rwx------");
        assertThat(mode(files.caKey())).isEqualTo("rw-------");
        assertThat(mode(files.serverKey())).isEqualTo("rw-------");
        List<X509Certificate> chain = PemFiles.certificates(files.serverCertificate());
        X509Certificate ca = PemFiles.certificates(files.caCertificate()).get(0);
        assertThat(chain).hasSize(2);
        assertThat(chain.get(1)).isEqualTo(ca);
        assertThat(ca.getBasicConstraints()).isEqualTo(0);
        assertThat(chain.get(0).getBasicConstraints()).isEqualTo(-1);
        assertThat(LocalCertificateAuthority.hosts(chain.get(0)))
                .containsExactlyInAnyOrder("registry.example.internal", "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(chain.get(0).getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(CertificateFiles.matches(PemFiles.privateKey(files.serverKey()), chain.get(0))).isTrue();
        assertThat(CertificateFiles.matches(PemFiles.privateKey(files.caKey()), chain.get(0))).isFalse();
        validate(chain.get(0), ca, NOW.plus(Duration.ofDays(300)));
    }

    @Test
    void ensure_laterStartSameHosts_keepsEveryFile() throws Exception {
        SelfSignedCertificates files = new SelfSignedCertificates(dataDir);
        files.ensure(HOSTS, NOW, RENEW_BEFORE);
        byte[] ca = Files.readAllBytes(files.caCertificate());
        byte[] server = Files.readAllBytes(files.serverCertificate());
        byte[] key = Files.readAllBytes(files.serverKey());

        Optional<String> made = files.ensure(List.of("LOCALHOST", "[::1]", "127.0.0.1", "registry.example.internal"),
                NOW.plus(Duration.ofDays(100)), RENEW_BEFORE);

        assertThat(made).isEmpty();
        assertThat(Files.readAllBytes(files.caCertificate())).isEqualTo(ca);
        assertThat(Files.readAllBytes(files.serverCertificate())).isEqualTo(server);
        assertThat(Files.readAllBytes(files.serverKey())).isEqualTo(key);
    }

    @Test
    void ensure_hostsChanged_issuesAgainWithTheSameCa() throws Exception {
        SelfSignedCertificates files = new SelfSignedCertificates(dataDir);
        files.ensure(HOSTS, NOW, RENEW_BEFORE);
        byte[] ca = Files.readAllBytes(files.caCertificate());
        X509Certificate before = PemFiles.certificates(files.serverCertificate()).get(0);

        Optional<String> made = files.ensure(List.of("registry.example.internal", "berth.example.internal"), NOW,
                RENEW_BEFORE);

        assertThat(made).hasValueSatisfying(text -> assertThat(text).doesNotContain("new local CA")
                .contains("the one on disk was for"));
        assertThat(Files.readAllBytes(files.caCertificate())).isEqualTo(ca);
        X509Certificate after = PemFiles.certificates(files.serverCertificate()).get(0);
        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(LocalCertificateAuthority.hosts(after))
                .isEqualTo(Set.of("registry.example.internal", "berth.example.internal"));
        validate(after, PemFiles.certificates(files.caCertificate()).get(0), NOW);
    }

    @Test
    void ensure_serverCertificateNearItsEnd_issuesAgainWithTheSameCa() throws Exception {
        SelfSignedCertificates files = new SelfSignedCertificates(dataDir);
        files.ensure(HOSTS, NOW, RENEW_BEFORE);
        byte[] ca = Files.readAllBytes(files.caCertificate());
        X509Certificate before = PemFiles.certificates(files.serverCertificate()).get(0);
        Instant later = before.getNotAfter().toInstant().minus(Duration.ofDays(10));

        Optional<String> made = files.ensure(HOSTS, later, RENEW_BEFORE);

        assertThat(made).hasValueSatisfying(text -> assertThat(text).contains("expires"));
        assertThat(Files.readAllBytes(files.caCertificate())).isEqualTo(ca);
        X509Certificate after = PemFiles.certificates(files.serverCertificate()).get(0);
        assertThat(after.getNotAfter()).isAfter(before.getNotAfter());
        validate(after, PemFiles.certificates(files.caCertificate()).get(0), later.plus(Duration.ofDays(100)));
    }

    /** What a client does: the chain must lead to the CA, at {@code when}. */
    private static void validate(X509Certificate server, X509Certificate ca, Instant when)
            throws GeneralSecurityException {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(when));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(server)), parameters);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
