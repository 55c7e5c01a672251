package dev.berth.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Locale;

import org.opentest4j.TestAbortedException;

/**
 * The PostgreSQL server tests run against: {@code BERTH_TEST_POSTGRES_URL} ({@code .ci/run} starts
 * one). Without it a test is skipped outside CI and failed in CI. Each test server gets a schema
 * of its own, so runs never see each other's rows.
 */
public final class Postgres {

    private Postgres() {
    }

    /** The server's JDBC URL; aborts (skips) the test, or fails it in CI, when there is none. */
    public static String url() {
        String url = System.getenv("BERTH_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            String message = "BERTH_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " (CI=true: .ci/run should have started one)");
            }
            throw new TestAbortedException(message);
        }
        return url;
    }

    /** Settings that point Berth at {@code schema} on the server (created by Flyway when missing). */
    public static List<String> properties(String schema) {
        String name = schema.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String url = url();
        return List.of("spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name,
                "spring.flyway.schemas=" + name,
                "spring.flyway.create-schemas=true");
    }
}
