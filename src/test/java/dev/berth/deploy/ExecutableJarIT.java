package dev.berth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.support.BerthProcess;

/**
 * The executable jar is flat: Berth's classes and its libraries' side by side, loaded by the JDK's
 * own class loader (no nested jars, which cost a plain start a quarter of its time and keep classes
 * out of the JDK's AOT cache). What the libraries register by file is merged, not overwritten.
 */
class ExecutableJarIT {

    @TempDir
    Path temp;

    @Test
    void jar_holdsNoNestedJars_andRunsItsMainClassDirectly() throws IOException {
        try (JarFile jar = new JarFile(BerthProcess.packagedJar().toFile())) {
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            assertThat(names).contains("dev/berth/BerthApplication.class",
                            "org/springframework/boot/SpringApplication.class", "org/h2/Driver.class")
                    .noneMatch(name -> name.endsWith(".jar") || name.startsWith("BOOT-INF/"))
                    // signatures of the jars the classes came from, and an index hiding the other libraries
                    .noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)") || name.equals("META-INF/INDEX.LIST"))
                    .noneMatch(name -> name.startsWith("org/springframework/boot/configurationprocessor/"))
                    // The OpenAPI document is written at build time: the libraries that wrote it stay out.
                    .contains("META-INF/berth/openapi.json")
                    .noneMatch(name -> name.startsWith("org/springdoc/") || name.startsWith("io/swagger/")
                            || name.startsWith("org/hibernate/validator/"));
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Main-Class")).isEqualTo("dev.berth.BerthApplication");
            assertThat(manifest.getValue("Multi-Release")).isEqualTo("true");
            assertThat(manifest.getValue("Add-Opens")).isEqualTo("java.base/java.security java.base/sun.security.provider");
        }
    }

    @Test
    void jar_mergesWhatEachLibraryRegisters() throws IOException {
        try (JarFile jar = new JarFile(BerthProcess.packagedJar().toFile())) {
            // Spring Boot 4 ships its auto-configurations in a jar per technology, each with its own list.
            assertThat(lines(jar, "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))
                    .contains("org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
                            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration");
            // The conditions each module precomputed, which spare the start from reading classes it skips.
            Properties metadata = properties(jar, "META-INF/spring-autoconfigure-metadata.properties");
            assertThat(metadata.stringPropertyNames())
                    .anyMatch(key -> key.startsWith("org.springframework.boot.webmvc.autoconfigure."))
                    .anyMatch(key -> key.startsWith("org.springframework.boot.jdbc.autoconfigure."))
                    .anyMatch(key -> key.startsWith("org.springframework.boot.security.autoconfigure."));
            Properties factories = properties(jar, "META-INF/spring.factories");
            assertThat(Arrays.asList(factories.getProperty("org.springframework.context.ApplicationListener").split(",")))
                    .contains("dev.berth.observability.LogEscaping",
                            "org.springframework.boot.context.FileEncodingApplicationListener");
            assertThat(Arrays.asList(factories.getProperty("org.springframework.boot.EnvironmentPostProcessor").split(",")))
                    .contains("dev.berth.tls.TlsEnvironment");
            assertThat(lines(jar, "META-INF/services/java.sql.Driver")).contains("org.h2.Driver", "org.postgresql.Driver");
        }
    }

    /** No flags at all, as `java -jar` users start it: ready means migrated and the blob store checked. */
    @Test
    void plainJavaDashJar_startsReady_withItsDatabaseAndBlobStore_andServesTheApiDocument() throws Exception {
        try (BerthProcess berth = BerthProcess.start(Files.createDirectories(temp.resolve("data")),
                BerthProcess.freePort(), List.of(), List.of())) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + berth.port();
            HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"db\":{\"status\":\"UP\"}", "\"blobStore\":{\"status\":\"UP\"}");
            HttpResponse<String> document = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(document.statusCode()).isEqualTo(200);
            assertThat(document.body()).contains("\"openapi\"", "/api/v1/");
            assertThat(berth.log()).contains("Starting BerthApplication v").doesNotContain("ERROR");
        }
    }

    /**
     * The image's switch on a plain jar: its bean definitions were decided on the JDK the build gave
     * the processing (the image's, in CI), so a Java that differs in having virtual threads starts the
     * usual way and says why; either way it starts ready.
     */
    @Test
    void jarWithSpringAotEnabled_startsReady_fromTheBuildsBeanDefinitionsOnlyWhereTheyFit() throws Exception {
        boolean builtWithVirtualThreads;
        try (JarFile jar = new JarFile(BerthProcess.packagedJar().toFile())) {
            builtWithVirtualThreads = read(jar, "META-INF/berth/aot-conditions.tsv").contains(
                    "#applicationTaskExecutorVirtualThreads\torg.springframework.boot.autoconfigure.condition"
                            + ".OnThreadingCondition\tmatch\n");
        }
        boolean runsWithVirtualThreads = Runtime.version().feature() >= 21;
        try (BerthProcess berth = BerthProcess.start(Files.createDirectories(temp.resolve("aot-data")),
                BerthProcess.freePort(), List.of("-Dspring.aot.enabled=true"), List.of())) {
            HttpResponse<String> readiness = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + berth.port() + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(readiness.statusCode()).isEqualTo(200);
            if (builtWithVirtualThreads == runsWithVirtualThreads) {
                assertThat(berth.log()).contains("Starting AOT-processed BerthApplication")
                        .doesNotContain("Starting without the build's ahead-of-time bean definitions");
            } else {
                assertThat(berth.log()).doesNotContain("Starting AOT-processed")
                        .contains("Starting without the build's ahead-of-time bean definitions", "(OnThreadingCondition)");
            }
            assertThat(berth.log()).doesNotContain("ERROR");
        }
    }

    private static List<String> lines(JarFile jar, String name) throws IOException {
        return read(jar, name).lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    private static Properties properties(JarFile jar, String name) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(read(jar, name)));
        return properties;
    }

    private static String read(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
