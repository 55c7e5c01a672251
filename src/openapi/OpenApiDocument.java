import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes the OpenAPI document of {@code /api/v1} at build time (pom.xml runs it in
 * {@code process-classes}), so the registry serves a file instead of carrying springdoc, swagger-core,
 * Jackson 2 and Hibernate Validator, some 1,700 classes, into every start (bench/RESULTS.md, "The API
 * document at build time"). springdoc reads the compiled controllers exactly as it did at run time:
 * Berth starts from the build's classes with springdoc on its classpath (a test-scoped dependency),
 * the document is fetched once, and the server stops.
 *
 * <p>Arguments: the output file, a file recording what it was made from, Maven's test classpath, the test classes
 * directory (left out: test code is never part of what is described), the main class, the version.
 * An output newer than every class and configuration file it was made from is kept.
 */
public class OpenApiDocument {

    /** Where springdoc answers in the generating run; the registry's own path is the file's. */
    private static final String SOURCE_PATH = "/api/v1/openapi-source.json";
    private static final String SERVED_PATH = "/api/v1/openapi.json";

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: OpenApiDocument OUT STAMP CLASSPATH TEST-CLASSES MAIN-CLASS VERSION");
        }
        Path out = Path.of(args[0]);
        Path stamp = Path.of(args[1]);
        // The server runs on the JVM the build runs this on.
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path testClasses = Path.of(args[3]).toAbsolutePath().normalize();
        List<String> classpath = Stream.of(args[2].split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().equals(testClasses)).toList();
        String mainClass = args[4];
        String version = args[5];

        String inputs = String.join("\n", classpath) + "\n" + version + "\n" + newestInput(classpath) + "\n";
        if (Files.isRegularFile(out) && Files.isRegularFile(stamp) && Files.readString(stamp).equals(inputs)) {
            System.out.println("[openapi] " + out + " is up to date");
            return;
        }
        Files.deleteIfExists(stamp);
        Path data = Files.createTempDirectory("berth-openapi");
        try {
            byte[] document = generate(launcher, classpath, mainClass, version, data);
            Files.createDirectories(out.getParent());
            Files.write(out, document);
            Files.writeString(stamp, inputs);
            System.out.printf("[openapi] %s (%d bytes)%n", out, document.length);
        } finally {
            deleteTree(data);
        }
    }

    private static byte[] generate(String launcher, List<String> classpath, String mainClass, String version, Path data)
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // C1 only and the serial collector: a start that serves one request, on the build's JVM.
        List<String> command = new ArrayList<>(List.of(launcher, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", String.join(File.pathSeparator, classpath), mainClass,
                "--server.address=127.0.0.1", "--server.port=" + port, "--berth.data-dir=" + data.resolve("data"),
                "--berth.auth.admin-password=openapi-document", "--logging.level.root=warn",
                "--springdoc.api-docs.enabled=true", "--springdoc.api-docs.path=" + SOURCE_PATH,
                "--springdoc.paths-to-match=/api/v1/**", "--springdoc.paths-to-exclude=" + SERVED_PATH,
                "--springdoc.packages-to-scan=dev.berth.admin,dev.berth.browse",
                "--springdoc.open-api.info.title=Berth API", "--springdoc.open-api.info.version=" + version,
                // Paths are absolute and the document is served by the registry it describes.
                "--springdoc.open-api.servers[0].url=/"));
        Path log = data.resolve("server.log");
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            return fetch(URI.create("http://127.0.0.1:" + port + SOURCE_PATH), server);
        } catch (Exception failure) {
            throw new IllegalStateException("the OpenAPI document could not be made; the server's log:\n"
                    + Files.readString(log), failure);
        } finally {
            server.destroy();
            if (!server.waitFor(1, TimeUnit.MINUTES)) {
                server.destroyForcibly();
            }
        }
    }

    private static byte[] fetch(URI source, Process server) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue());
            }
            try {
                HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(source).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (answer.statusCode() != 200 || answer.body().length < 2 || answer.body()[0] != '{') {
                    throw new IllegalStateException(source + " answered " + answer.statusCode() + ": "
                            + new String(answer.body(), StandardCharsets.UTF_8));
                }
                return answer.body();
            } catch (IOException notListeningYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the server did not answer within 3 minutes");
    }

    /** The latest change among the class and configuration files of the classpath's directories. */
    private static long newestInput(List<String> classpath) throws IOException {
        long newest = 0;
        for (String entry : classpath) {
            Path directory = Path.of(entry);
            if (Files.isDirectory(directory)) {
                try (Stream<Path> files = Files.walk(directory)) {
                    newest = Math.max(newest, files
                            .filter(file -> file.toString().endsWith(".class") || file.toString().endsWith(".yml"))
                            // Spring's ahead-of-time output (src/aot/SpringAotClasses.java), written after this.
                            .filter(file -> !file.toString().contains("__") && !file.toString().contains("$$SpringCGLIB$$"))
                            .mapToLong(file -> file.toFile().lastModified()).max().orElse(0));
                }
            }
        }
        return newest;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
