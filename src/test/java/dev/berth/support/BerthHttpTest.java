package dev.berth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that talk to a real Berth over HTTP. All subclasses share one server (one Spring
 * context) with an in-memory H2 and blobs in a temporary directory, so each test uses repository
 * names of its own ({@link #uniqueRepository}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class BerthHttpTest {

    /** One directory for the shared server's lifetime (the JVM's). */
    protected static final Path DATA_DIR = createDataDir();

    @LocalServerPort
    protected int port;

    protected RegistryClient registry;

    @DynamicPropertySource
    static void berthProperties(DynamicPropertyRegistry properties) {
        properties.add("berth.data-dir", DATA_DIR::toString);
        properties.add("spring.datasource.url", () -> "jdbc:h2:mem:berth-http-test;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000");
    }

    @BeforeEach
    void connectClient() {
        registry = new RegistryClient("http://localhost:" + port);
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
