package dev.berth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that talk to a real Berth over HTTP. All subclasses share one server (one Spring
 * context) with an in-memory H2 and blobs in a temporary directory, so each test uses repository
 * names of its own ({@link #uniqueRepository}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "berth.auth.workload.trusted-issuers[0]=" + BerthHttpTest.TRUSTED_ISSUER)
@Import(StatementCounter.class)
public abstract class BerthHttpTest {

    /** An OIDC issuer robots may trust (workload identity); nothing is fetched from it until a token names it. */
    public static final String TRUSTED_ISSUER = "https://ci.example.test";

    /** One directory for the shared server's lifetime (the JVM's). */
    protected static final Path DATA_DIR = createDataDir();

    /** The password of the {@code admin} user every test server is created with. */
    public static final String ADMIN_PASSWORD = "test-admin-password";

    @LocalServerPort
    protected int port;

    /** A client authenticated as {@code admin} (HTTP Basic), as most tests are about the registry, not access. */
    protected RegistryClient registry;

    /**
     * {@code -Dberth.test.storage=s3} runs the suite with blobs in S3Mock (started once per JVM);
     * {@code -Dberth.test.s3.redirect=false} makes blob GETs stream through Berth instead of
     * redirecting. The build runs the API and client suites under both (see pom.xml).
     */
    public static boolean onS3() {
        return "s3".equals(System.getProperty("berth.test.storage"));
    }

    /**
     * {@code -Dberth.test.database=postgres} runs the suite on the PostgreSQL server of
     * {@code BERTH_TEST_POSTGRES_URL} instead of H2 (see pom.xml and {@link Postgres}).
     */
    public static boolean onPostgres() {
        return "postgres".equals(System.getProperty("berth.test.database"));
    }

    /** The database settings of the chosen database for a server keyed by {@code key}; none for H2. */
    public static List<String> databaseProperties(String key) {
        return onPostgres() ? Postgres.properties("berth_test_" + key) : List.of();
    }

    @BeforeAll
    static void requireDatabase() {
        if (onPostgres()) {
            Postgres.url();
        }
    }

    /** Whether blob GETs answer with a redirect to the store rather than the bytes. */
    public static boolean blobRedirects() {
        return onS3() && !"false".equals(System.getProperty("berth.test.s3.redirect"));
    }

    /** The {@code berth.storage.*} settings of the chosen back-end, as {@code name=value}; none for the default. */
    public static List<String> storageProperties() {
        return onS3() ? s3Properties(S3_PREFIX, blobRedirects()) : List.of();
    }

    /** Settings that put blobs in the shared S3Mock under {@code prefix}. */
    public static List<String> s3Properties(String prefix, boolean redirect) {
        return List.of("berth.storage.type=s3",
                "berth.storage.s3.bucket=" + S3MockServer.BUCKET,
                "berth.storage.s3.endpoint=" + S3MockServer.shared().endpoint(),
                "berth.storage.s3.region=us-east-1",
                "berth.storage.s3.path-style-access=true",
                "berth.storage.s3.access-key=test",
                "berth.storage.s3.secret-key=test",
                "berth.storage.s3.prefix=" + prefix,
                "berth.storage.s3.redirect=" + redirect);
    }

    /** The key prefix of the shared server's blobs in S3Mock, when {@link #onS3()}. */
    protected static String s3Prefix() {
        return S3_PREFIX;
    }

    /** One key prefix per JVM, so runs sharing an S3Mock never see each other's blobs. */
    private static final String S3_PREFIX = "http-test-" + UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void berthProperties(DynamicPropertyRegistry properties) {
        for (String property : storageProperties()) {
            int eq = property.indexOf('=');
            properties.add(property.substring(0, eq), () -> property.substring(eq + 1));
        }
        properties.add("berth.data-dir", DATA_DIR::toString);
        properties.add("berth.auth.admin-password", () -> ADMIN_PASSWORD);
        // Every test connects from 127.0.0.1: the tests that fail logins on purpose must not lock
        // out the rest. Throttling itself is tested on servers of its own.
        properties.add("berth.auth.login-rate-limit.max-failures", () -> "1000");
        properties.add("spring.datasource.url", () -> "jdbc:h2:mem:berth-http-test;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000");
        if (onPostgres()) {
            for (String property : databaseProperties(S3_PREFIX.replace('-', '_'))) {
                int eq = property.indexOf('=');
                properties.add(property.substring(0, eq), () -> property.substring(eq + 1));
            }
        }
    }

    @BeforeEach
    void connectClient() {
        registry = new RegistryClient("http://localhost:" + port).withBasic("admin", ADMIN_PASSWORD);
    }

    /** The registry's {@code host:port}, as container clients write it. */
    protected String registryHost() {
        return "localhost:" + port;
    }

    /** A repository name no other test uses: {@code <prefix>/<random>}. */
    protected static String uniqueRepository(String prefix) {
        return prefix + "/" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static Path createDataDir() {
        try {
            Path dir = Files.createTempDirectory("berth-test-");
            // deleteOnExit removes only empty directories; the blobs tests push would stay in /tmp.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir), "berth-test-data-cleanup"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Best effort: the JVM is exiting, and a file left behind must not turn into a failure. */
    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // nothing more to do at shutdown
        }
    }
}
