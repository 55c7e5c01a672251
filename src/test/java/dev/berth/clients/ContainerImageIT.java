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
import dev.berth.support.BerthProcess;

/**
 * The jib-maven-plugin configuration in pom.xml, end to end through Berth itself: the plugin
 * pushes Berth's image (on an empty base, so no registry outside this machine is needed) into a
 * running Berth, and skopeo reads it back. The image's config must say what operators rely on:
 * non-root user, port 5000, the /data volume, the --add-opens flags and the memory settings. It
 * carries its own Java runtime and the AOT cache recorded on it at build time
 * (src/image/ImageRuntime.java): the image's entrypoint then runs from the image's own files, and
 * its very first start takes its classes from that cache. Running the image itself needs a base
 * with glibc and a container runtime (README).
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
        Programs.requireBuilt(Path.of("target/image/runtime"),
                "the image's Java runtime is built only with a JDK 25 (BERTH_IMAGE_JDK or -Dberth.image.jdk)");
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
        assertThat(entrypoint).startsWith("/opt/java/bin/java", "-XX:AOTCache=/app/berth.aot")
                .endsWith("-cp", "@/app/jib-classpath-file", "dev.berth.BerthApplication")
                .contains("--add-opens=java.base/java.security=ALL-UNNAMED",
                        "--add-opens=java.base/sun.security.provider=ALL-UNNAMED")
                // The memory settings Berth ships with (pom.xml's berth.jvm.*, docs/deployment.md#memory).
                .contains("-XX:+UseSerialGC", "-Xms64m", "-XX:MaxRAMPercentage=75",
                        "-Djdk.nio.maxCachedBufferSize=262144", "-XX:TrimNativeHeapInterval=5000")
                // The bean definitions Spring's AOT processing wrote at build time (dev.berth.aot).
                .contains("-Dspring.aot.enabled=true");
        List<String> environment = new ArrayList<>();
        config.get("Env").forEach(variable -> environment.add(variable.asString()));
        assertThat(environment).contains("BERTH_DATA_DIR=/data", "MALLOC_ARENA_MAX=2", "JAVA_HOME=/opt/java");

        Path layout = work.resolve("layout");
        Processes.runOk(Duration.ofMinutes(2), Map.of(), List.of(skopeo.toString(), "copy", "--src-tls-verify=false",
                "--src-creds", USER + ":" + PASSWORD, "docker://" + image, "oci:" + layout + ":test"));
        Path root = Files.createDirectories(work.resolve("root"));
        List<String> files = new ArrayList<>();
        try (var blobs = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                // Layers unpack (listing what they hold); the config and manifest blobs are not tarballs.
                Processes.Result unpacked = Processes.run(Duration.ofMinutes(1), Map.of(),
                        List.of("tar", "-xvzf", blob.toString(), "-C", root.toString()));
                if (unpacked.succeeded()) {
                    files.addAll(unpacked.stdout().lines().toList());
                }
            }
        }
        // The application as a jar (containerizingMode packaged), the only form a start-up cache takes,
        // beside the runtime and the cache recorded on it.
        assertThat(files).contains("app/jib-classpath-file", "app/berth.aot", "opt/java/bin/java", "data/")
                .anySatisfy(file -> assertThat(file).matches("app/classpath/berth-.*\\.jar"))
                .anySatisfy(file -> assertThat(file).matches("app/libs/spring-boot-4\\..*\\.jar"))
                .noneSatisfy(file -> assertThat(file).startsWith("app/classes/"));

        entrypointRunFromTheImagesFiles_startsFromTheCacheBuiltWithTheImage(root, entrypoint);
    }

    /**
     * The image's own entrypoint, runtime and files, /app and /opt/java moved under the test's
     * directory (a cache allows that, not other jars or another JVM build). Readiness comes first
     * either way; the cache only changes where the classes come from.
     */
    private void entrypointRunFromTheImagesFiles_startsFromTheCacheBuiltWithTheImage(Path root, List<String> entrypoint)
            throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Path classpathFile = root.resolve("app/jib-classpath-file");
        Files.writeString(classpathFile, moved(Files.readString(classpathFile).strip(), root));
        Path classLoading = work.resolve("class-load.log");
        List<String> launch = new ArrayList<>(List.of("env", "BERTH_DATA_DIR=" + data,
                "JAVA_TOOL_OPTIONS=-Xlog:class+load:file=" + classLoading));
        entrypoint.forEach(argument -> launch.add(moved(argument, root)));

        try (BerthProcess first = BerthProcess.start(launch, data, BerthProcess.freePort(), List.of())) {
            assertThat(first.client().get("/v2/").statusCode()).isEqualTo(200);
            assertThat(first.client().get("/actuator/metrics").statusCode()).isEqualTo(404);
            assertThat(first.log()).doesNotContain("[aot]").contains("Starting AOT-processed BerthApplication")
                    .doesNotContain("Starting without the build's ahead-of-time bean definitions");
        }
        // A setting that changes which beans exist: the start takes the usual way, and the setting works.
        try (BerthProcess exposed = BerthProcess.start(launch, Files.createDirectories(work.resolve("data-exposed")),
                BerthProcess.freePort(), List.of("management.endpoints.web.exposure.include=health,info,prometheus,metrics"))) {
            assertThat(exposed.client().get("/actuator/metrics").statusCode()).isNotEqualTo(404);
            assertThat(exposed.log()).doesNotContain("Starting AOT-processed").contains(
                    "Starting without the build's ahead-of-time bean definitions: ",
                    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsEndpointAutoConfiguration"
                            + " (OnAvailableEndpointCondition) matches now, not at build time");
        }
        assertThat(Files.readString(classLoading))
                .contains("dev.berth.BerthApplication source: shared objects file",
                        "org.springframework.boot.SpringApplication source: shared objects file")
                // Bouncy Castle's jar is signed: one class from it costs a start the jar's verification.
                .doesNotContain("org.bouncycastle");
    }

    private static String moved(String argument, Path root) {
        return argument.replace("/app/", root + "/app/").replace("/opt/java/", root + "/opt/java/");
    }
}
