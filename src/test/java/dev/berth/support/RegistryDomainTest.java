package dev.berth.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.berth.auth.AuditLog;
import dev.berth.auth.KeyEncryption;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.manifest.ManifestService;
import dev.berth.registry.upload.UploadService;

/**
 * Base of the registry's domain tests: its features, metadata, blob store and the event outbox they
 * write to, with no HTTP, no accounts and no web server, on a real (in-memory) H2 migrated by Flyway and a filesystem store
 * in a temporary directory. All subclasses share one context, so each uses names of its own.
 */
@SpringBootTest(classes = RegistryDomainTest.Domain.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
public abstract class RegistryDomainTest {

    /**
     * The registry below its HTTP layer: what the domain tests boot. Not a {@code @Configuration},
     * so the application's own component scan (a Berth a test starts itself) never picks it up.
     */
    @EnableAutoConfiguration(exclude = UserDetailsServiceAutoConfiguration.class)
    @ConfigurationPropertiesScan("dev.berth.config")
    @ComponentScan({"dev.berth.registry", "dev.berth.metadata", "dev.berth.storage", "dev.berth.events"})
    @Import({KeyEncryption.class, AuditLog.class})
    @EntityScan("dev.berth.metadata")
    static class Domain {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    private static final Path DATA_DIR = createDataDir();
    protected static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @Autowired
    protected UploadService uploads;
    @Autowired
    protected ManifestService manifests;

    /** An image whose blobs are stored in the repository: its manifest's bytes and digest, and its layer's. */
    protected record Image(byte[] manifest, Digest digest, Digest layer) {
    }

    /** Uploads a config and one layer of its own to the repository; the manifest is returned, not pushed. */
    protected Image blobsOf(RepositoryName repository) {
        byte[] config = bytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":\"" + UUID.randomUUID() + "\"}");
        byte[] layer = bytes("layer " + UUID.randomUUID());
        uploads.upload(repository, sha256(config), stream(config), config.length);
        uploads.upload(repository, sha256(layer), stream(layer), layer.length);
        byte[] manifest = TestImages.ociManifest(sha256(config).toString(), config.length, sha256(layer).toString(),
                Integer.toString(layer.length));
        return new Image(manifest, sha256(manifest), sha256(layer));
    }

    /** Uploads an image's blobs and pushes its manifest under {@code tag}. */
    protected Image pushImage(RepositoryName repository, String tag) {
        Image image = blobsOf(repository);
        manifests.put(repository, Reference.parse(tag), stream(image.manifest()), OCI_MANIFEST, List.of(), () -> true);
        return image;
    }

    @DynamicPropertySource
    static void domainProperties(DynamicPropertyRegistry properties) {
        properties.add("spring.main.web-application-type", () -> "none");
        properties.add("berth.data-dir", DATA_DIR::toString);
        properties.add("spring.datasource.url", () -> "jdbc:h2:mem:berth-domain-test;DB_CLOSE_DELAY=-1;"
                + "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000");
    }

    /** The store's root (blobs/ and uploads/ under it). */
    protected static Path dataDir() {
        return DATA_DIR;
    }

    /** A repository no other test uses. */
    protected static RepositoryName uniqueRepository(String namespace) {
        return RepositoryName.of(namespace + "/" + UUID.randomUUID().toString().substring(0, 12));
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static Digest sha256(byte[] content) {
        return Digest.compute(DigestAlgorithm.SHA256, content);
    }

    protected static ByteArrayInputStream stream(byte[] content) {
        return new ByteArrayInputStream(content);
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("berth-domain-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
