package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.support.BerthHttpTest;

/**
 * The jib-maven-plugin configuration in pom.xml, end to end through Berth itself: the plugin
 * pushes Berth's image (on an empty base, so no registry outside this machine is needed) into a
 * running Berth, and skopeo reads it back. The image's config must say what operators rely on:
 * non-root user, port 5000, the /data volume and the --add-opens flags. Running the image needs a
 * JRE base and a container runtime; README says how to build one on a local base.
 */
class ContainerImageIT extends BerthHttpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The admin credentials the test server gets with token authentication (berth.auth.admin-password
     * in BerthHttpTest); a server without authentication never asks for them.
     */
    private static final String USER = "admin";
    private static final String PASSWORD = "test-admin-password";

    @TempDir
    Path work;

    @Test
    void jibBuild_intoBerth_pushesAnImageSkopeoReadsBack() throws Exception {
        Path skopeo = Programs.require("skopeo");
        String image = registryHost() + "/" + uniqueRepository("image") + ":test";

        Processes.runOk(Duration.ofMinutes(10), Map.of(), List.of(Path.of("mvnw").toAbsolutePath().toString(),
                "-B", "-q", "jib:build", "-Dberth.image.base=scratch", "-Dberth.image.name=" + image,
                // Jib sends credentials over plain HTTP only when told to; this registry is on loopback.
                "-DsendCredentialsOverHttp=true",
                "-Djib.allowInsecureRegistries=true", "-Djib.console=plain",
                "-Djib.to.auth.username=" + USER, "-Djib.to.auth.password=" + PASSWORD));

        Processes.Result inspected = Processes.runOk(Duration.ofMinutes(2), Map.of(), List.of(skopeo.toString(),
                "inspect", "--tls-verify=false", "--creds", USER + ":" + PASSWORD, "--config", "docker://" + image));
        JsonNode config = JSON.readTree(inspected.stdout()).get("config");
        assertThat(config.get("User").asString()).isEqualTo("65532:65532");
        assertThat(config.get("ExposedPorts").has("5000/tcp")).isTrue();
        assertThat(config.get("Volumes").has("/data")).isTrue();
        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(argument -> entrypoint.add(argument.asString()));
        assertThat(entrypoint).startsWith("java").endsWith("dev.berth.BerthApplication")
                .contains("--add-opens=java.base/java.security=ALL-UNNAMED",
                        "--add-opens=java.base/sun.security.provider=ALL-UNNAMED")
                // The memory settings Berth ships with (pom.xml's berth.jvm.*, docs/deployment.md#memory).
                .contains("-XX:+UseSerialGC", "-Xms16m", "-XX:MaxRAMPercentage=75",
                        "-Djdk.nio.maxCachedBufferSize=262144");
        List<String> environment = new ArrayList<>();
        config.get("Env").forEach(variable -> environment.add(variable.asString()));
        assertThat(environment).contains("BERTH_DATA_DIR=/data", "MALLOC_ARENA_MAX=2");

        Path layout = work.resolve("layout");
        Processes.runOk(Duration.ofMinutes(2), Map.of(), List.of(skopeo.toString(), "copy", "--src-tls-verify=false",
                "--src-creds", USER + ":" + PASSWORD, "docker://" + image, "oci:" + layout + ":test"));
        List<String> files = new ArrayList<>();
        try (var blobs = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                Processes.Result listing = Processes.run(Duration.ofMinutes(1), Map.of(),
                        List.of("tar", "-tzf", blob.toString()));
                if (listing.succeeded()) {
                    files.addAll(listing.stdout().lines().toList());
                }
            }
        }
        assertThat(files).contains("app/classes/dev/berth/BerthApplication.class",
                "app/classes/dev/berth/ReadinessCheck.class", "data/");
        assertThat(files).anySatisfy(file -> assertThat(file).matches("app/libs/spring-boot-4\\..*\\.jar"));
    }
}
