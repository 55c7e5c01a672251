package dev.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.berth.support.StandaloneBerth;

/**
 * Bad berth.tls.* settings stop the start, through the real application start, with a message that
 * names the setting and the file, before anything is written to the data directory; no message or
 * log line quotes a private key.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsSettingsTest {

    @TempDir
    Path temp;

    private Path dataDir;
    private Path certificate;
    private Path key;
    private Path otherKey;

    @BeforeEach
    void certificates() throws Exception {
        dataDir = temp.resolve("data");
        LocalCertificateAuthority ca = LocalCertificateAuthority.create("tls-settings-test", Instant.now());
        LocalCertificateAuthority.Issued issued = ca.issue(List.of("localhost"), Instant.now(), Duration.ofDays(30));
        LocalCertificateAuthority.Issued other = ca.issue(List.of("localhost"), Instant.now(), Duration.ofDays(30));
        certificate = temp.resolve("tls.crt");
        key = temp.resolve("tls.key");
        otherKey = temp.resolve("other.key");
        PemFiles.writeCertificates(certificate, List.of(issued.certificate(), ca.certificate()));
        PemFiles.writePrivateKey(key, issued.keys().getPrivate());
        PemFiles.writePrivateKey(otherKey, other.keys().getPrivate());
    }

    @Test
    void start_certificateWithoutKey_failsNamingBothSettings() {
        assertStartFails("go together", "only berth.tls.certificate-file is set",
                "berth.tls.certificate-file=" + certificate);
        assertStartFails("go together", "only berth.tls.key-file is set", "berth.tls.key-file=" + key);
    }

    @Test
    void start_missingOrUnreadableFile_failsNamingTheFile() throws IOException {
        assertStartFails("berth.tls.key-file " + temp.resolve("absent.key"), "does not exist",
                "berth.tls.certificate-file=" + certificate, "berth.tls.key-file=" + temp.resolve("absent.key"));
        Path directory = Files.createDirectories(temp.resolve("a-directory"));
        assertStartFails("berth.tls.certificate-file " + directory, "is not a file",
                "berth.tls.certificate-file=" + directory, "berth.tls.key-file=" + key);
    }

    @Test
    void start_filesNotPem_failsSayingWhatIsMissing() throws IOException {
        Path garbage = Files.writeString(temp.resolve("garbage.pem"), "not a certificate\n");
        assertStartFails("berth.tls.certificate-file " + garbage, "is not a PEM certificate chain",
                "berth.tls.certificate-file=" + garbage, "berth.tls.key-file=" + key);
        assertStartFails("berth.tls.key-file " + certificate, "PEM private key",
                "berth.tls.certificate-file=" + certificate, "berth.tls.key-file=" + certificate);
    }

    @Test
    void start_keyOfAnotherCertificate_failsWithoutQuotingEitherKey(CapturedOutput output) throws IOException {
        assertStartFails("berth.tls.key-file " + otherKey, "is not the key of the certificate",
                "berth.tls.certificate-file=" + certificate, "berth.tls.key-file=" + otherKey);

        for (Path file : List.of(key, otherKey)) {
            List<String> body = Files.readAllLines(file).stream().filter(line -> !line.startsWith("-----")).toList();
            assertThat(body).isNotEmpty().allSatisfy(line -> assertThat(output.getAll()).doesNotContain(line));
        }
    }

    @Test
    void start_selfSignedWithFilesOfItsOwn_failsAskingForOne() {
        assertStartFails("berth.tls.self-signed=true makes its own certificate", "berth.tls.certificate-file",
                "berth.tls.self-signed=true", "berth.tls.certificate-file=" + certificate,
                "berth.tls.key-file=" + key);
    }

    /** The start fails with a message holding both parts, and the data directory stays as it was: absent or empty. */
    private void assertStartFails(String subject, String reason, String... properties) {
        assertThatThrownBy(() -> StandaloneBerth.start(dataDir, properties).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(subject).hasMessageContaining(reason);
        if (Files.exists(dataDir)) {
            try (Stream<Path> files = Files.list(dataDir)) {
                assertThat(files).isEmpty();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
