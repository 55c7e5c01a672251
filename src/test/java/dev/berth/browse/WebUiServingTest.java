package dev.berth.browse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;

/**
 * The web UI's files are served at {@code /} to anyone (they hold no data) with a strict
 * Content-Security-Policy, which the registry and API responses do not carry.
 */
class WebUiServingTest extends BerthHttpTest {

    @BeforeEach
    void uiWasBuilt() {
        boolean built = getClass().getResource("/static/index.html") != null;
        if (!built && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("the web UI was not built (CI=true: npm should be installed by .ci/run)");
        }
        Assumptions.assumeTrue(built, "the web UI was not built (npm is not installed)");
    }

    @Test
    void root_servesIndexWithoutCredentials_underStrictPolicy() {
        HttpResponse<byte[]> index = registry.anonymous().get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/html"));
        assertThat(RegistryClient.text(index)).contains("<script type=\"module\" src=\"js/main.js\"></script>");
        assertThat(index.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("default-src 'self'").contains("script-src 'self'")
                        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval"));
    }

    @Test
    void staticFiles_areServedWithThePolicy() {
        for (String path : new String[] {"/js/main.js", "/app.css", "/index.html"}) {
            HttpResponse<byte[]> file = registry.anonymous().get(path);
            assertThat(file.statusCode()).as(path).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Security-Policy")).as(path).isPresent();
        }
        assertThat(registry.anonymous().get("/js/main.js").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
    }

    @Test
    void registryAndApi_carryNoPagePolicy() {
        assertThat(registry.get("/v2/").headers().firstValue("Content-Security-Policy")).isEmpty();
        assertThat(registry.get("/api/v1/repositories").headers().firstValue("Content-Security-Policy")).isEmpty();
    }
}
