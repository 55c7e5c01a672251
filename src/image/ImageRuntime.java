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
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds what the container image runs on, at image build time (pom.xml runs it in {@code package}):
 * a Java runtime linked from the build's JDK 25 ({@code runtime/}, the image's {@code /opt/java}) and
 * the JDK's AOT cache recorded by a training run on exactly that runtime ({@code cache/berth.aot},
 * the image's {@code /app/berth.aot}). A cache is only taken by the very JVM build that wrote it, with
 * the same jars at the same places relative to each other, the same sizes and modification times
 * (the runtime itself may move):
 * so the runtime goes into the image with the cache, and the training run starts from the image's
 * own layout ({@code app/classpath/*}, {@code app/libs/*}, Jib's file times) under this directory.
 *
 * <p>Arguments: the JDK, the output directory, the thin jar, its name in the image, the main class,
 * the runtime classpath (Maven's, the application's own classes first), then the JVM flags of the
 * image's entrypoint. Without a JDK 25 it says so and builds nothing: the jar still builds, the image
 * does not (docs/deployment.md#container-image).
 */
public class ImageRuntime {

    /**
     * What the registry needs of the JDK: Java SE, sun.misc.Unsafe, JFR, JMX and jcmd for operators,
     * and every security provider conf/security/java.security lists: with one missing, provider lookups
     * go on to the classpath's and load BouncyCastle's signed jar, which no cache can hold (dcc163c).
     */
    private static final String MODULES = "java.se,java.smartcardio,jdk.unsupported,jdk.crypto.cryptoki,"
            + "jdk.crypto.ec,jdk.charsets,jdk.naming.dns,jdk.net,jdk.zipfs,jdk.security.auth,jdk.security.jgss,"
            + "jdk.jfr,jdk.management,jdk.management.jfr,jdk.management.agent,jdk.jcmd";

    /** Jib gives every file in an image this modification time (its default filesModificationTime). */
    private static final FileTime JIB_FILE_TIME = FileTime.from(Instant.ofEpochSecond(1));

    private static final String ADMIN_PASSWORD = "image-training";
    private static final String REPOSITORY = "training/app";
    private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            throw new IllegalArgumentException("usage: ImageRuntime JDK OUT JAR JAR-NAME MAIN-CLASS CLASSPATH [JVM-FLAG...]");
        }
        Path jdk = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path jar = Path.of(args[2]);
        String jarName = args[3];
        String mainClass = args[4];
        // Maven's runtime classpath: the classes directory, then the libraries in the order Jib lists them.
        List<Path> libraries = Stream.of(args[5].split(java.io.File.pathSeparator)).filter(entry -> entry.endsWith(".jar"))
                .map(Path::of).toList();
        List<String> jvmFlags = List.of(args).subList(6, args.length);

        String release = release(jdk);
        if (!release.matches("(?s).*JAVA_VERSION=\"(2[5-9]|[3-9][0-9])[.\"].*")) {
            System.out.println("[image] skipped: " + jdk + " is not a JDK 25 or newer; the container image needs one"
                    + " (-Dberth.image.jdk=/path/to/jdk-25), the jar does not");
            deleteTree(out);
            return;
        }
        Path runtime = out.resolve("runtime");
        Path runtimeStamp = out.resolve("runtime-inputs.txt");
        String runtimeInputs = release + "\n" + MODULES + "\n";
        if (!unchanged(runtimeStamp, runtimeInputs, runtime)) {
            deleteTree(out);
            linkRuntime(jdk, runtime);
            Files.writeString(runtimeStamp, runtimeInputs);
        }
        Path cache = out.resolve("cache/berth.aot");
        Path cacheStamp = out.resolve("cache-inputs.txt");
        String cacheInputs = runtimeInputs + jvmFlags + "\n" + mainClass + "\n" + fingerprint(jar, libraries);
        if (unchanged(cacheStamp, cacheInputs, cache)) {
            System.out.println("[image] runtime and AOT cache are up to date in " + out);
            return;
        }
        Files.deleteIfExists(cacheStamp);
        Files.deleteIfExists(cache);

        Path training = out.resolve("training");
        deleteTree(training);
        Path app = training.resolve("app");
        List<String> classpath = new ArrayList<>();
        classpath.add(app.resolve("classpath/*").toString());
        copyAsJibDoes(jar, app.resolve("classpath").resolve(jarName));
        for (Path library : libraries) {
            Path copy = app.resolve("libs").resolve(library.getFileName().toString());
            copyAsJibDoes(library, copy);
            classpath.add(copy.toString());
        }
        Path classpathFile = app.resolve("jib-classpath-file");
        Files.writeString(classpathFile, String.join(":", classpath));

        Files.createDirectories(cache.getParent());
        train(runtime, training, cache, classpathFile, mainClass, jvmFlags);
        deleteTree(training);
        Files.writeString(cacheStamp, cacheInputs);
        System.out.printf("[image] runtime %s, AOT cache %s (%d MB)%n", runtime, cache, Files.size(cache) / 1_000_000);
    }

    private static void linkRuntime(Path jdk, Path runtime) throws Exception {
        // Class files keep their line numbers (no --strip-debug): stack traces in the logs stay useful.
        List<String> command = List.of(jdk.resolve("bin/jlink").toString(), "--add-modules", MODULES,
                "--no-man-pages", "--no-header-files", "--output", runtime.toString());
        Process jlink = new ProcessBuilder(command).inheritIO().start();
        if (!jlink.waitFor(5, TimeUnit.MINUTES) || jlink.exitValue() != 0) {
            jlink.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    /**
     * A server on the training layout with authentication on, as it ships, recording on exit; the
     * requests an image's first minutes bring (readiness, a token, a chunked push, a manifest, pulls,
     * the REST API), then SIGTERM: the JVM writes the cache as it stops.
     */
    private static void train(Path runtime, Path training, Path cache, Path classpathFile, String mainClass,
            List<String> jvmFlags) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(runtime.resolve("bin/java").toString(),
                "-XX:AOTCacheOutput=" + cache));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", "@" + classpathFile, mainClass, "--server.address=127.0.0.1",
                "--server.port=" + port, "--berth.data-dir=" + training.resolve("data"),
                "--berth.auth.admin-password=" + ADMIN_PASSWORD));
        Path log = training.resolve("server.log");
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            new Workload(URI.create("http://127.0.0.1:" + port), server).run();
        } catch (Exception failure) {
            server.destroyForcibly();
            throw new IllegalStateException("the training run failed; its log:\n" + Files.readString(log), failure);
        }
        server.destroy();
        if (!server.waitFor(5, TimeUnit.MINUTES) || !Files.isRegularFile(cache)) {
            server.destroyForcibly();
            throw new IllegalStateException("the training run wrote no AOT cache; its log:\n" + Files.readString(log));
        }
    }

    /** The registry's requests over HTTP, as a client sends them. */
    private record Workload(URI base, Process server) {

        void run() throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            awaitReady(http);
            HttpResponse<String> challenge = http.send(get("/v2/").build(), HttpResponse.BodyHandlers.ofString());
            expect(challenge, 401);
            String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
            String token = field(http.send(get("/token?scope=repository:" + REPOSITORY + ":pull,push")
                    .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString()), "token");
            String bearer = "Bearer " + token;

            byte[] layer = new byte[16 << 20];
            new Random(25).nextBytes(layer);
            byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                    .getBytes(StandardCharsets.UTF_8);
            String layerDigest = digest(layer);
            String configDigest = digest(config);
            for (int round = 0; round < 3; round++) {
                String location = http.send(post("/v2/" + REPOSITORY + "/blobs/uploads/", bearer), HttpResponse.BodyHandlers.ofString())
                        .headers().firstValue("Location").orElseThrow();
                int half = layer.length / 2;
                for (int[] range : new int[][] {{0, half}, {half, layer.length}}) {
                    HttpResponse<String> patched = http.send(HttpRequest.newBuilder(resolve(location))
                            .header("Authorization", bearer).header("Content-Type", "application/octet-stream")
                            .header("Content-Range", range[0] + "-" + (range[1] - 1))
                            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(layer, range[0], range[1] - range[0])).build(),
                            HttpResponse.BodyHandlers.ofString());
                    expect(patched, 202);
                    location = patched.headers().firstValue("Location").orElseThrow();
                }
                expect(http.send(HttpRequest.newBuilder(resolve(location + (location.contains("?") ? "&" : "?") + "digest=" + layerDigest))
                        .header("Authorization", bearer).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString()), 201);
                expect(http.send(HttpRequest.newBuilder(resolve("/v2/" + REPOSITORY + "/blobs/uploads/?digest=" + configDigest))
                        .header("Authorization", bearer).header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(config)).build(), HttpResponse.BodyHandlers.ofString()), 201);
                String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":{\"mediaType\":"
                        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length
                        + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                        + layerDigest + "\",\"size\":" + layer.length + "}]}";
                expect(http.send(HttpRequest.newBuilder(resolve("/v2/" + REPOSITORY + "/manifests/v" + round))
                        .header("Authorization", bearer).header("Content-Type", MANIFEST_TYPE)
                        .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(), HttpResponse.BodyHandlers.ofString()), 201);
                expect(http.send(get("/v2/" + REPOSITORY + "/blobs/" + layerDigest).header("Authorization", bearer).build(),
                        HttpResponse.BodyHandlers.discarding()), 200);
            }
            // Manifest and tag reads are the registry's most frequent requests: long enough for the JIT's
            // profiles of them to be recorded.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (int request = 0; System.nanoTime() < until; request++) {
                String path = switch (request % 4) {
                    case 0, 1 -> "/v2/" + REPOSITORY + "/manifests/v" + (request % 3);
                    case 2 -> "/v2/" + REPOSITORY + "/tags/list";
                    default -> "/v2/" + REPOSITORY + "/blobs/" + configDigest;
                };
                expect(http.send(get(path).header("Authorization", bearer).header("Accept", MANIFEST_TYPE).build(),
                        HttpResponse.BodyHandlers.discarding()), 200);
            }
            for (String path : List.of("/v2/_catalog", "/api/v1/repositories", "/api/v1/repositories/" + REPOSITORY)) {
                HttpResponse<Void> response = http.send(get(path).header("Authorization", basic).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() >= 500) {
                    throw new IllegalStateException(path + " answered " + response.statusCode());
                }
            }
        }

        private void awaitReady(HttpClient http) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("the training server exited with " + server.exitValue());
                }
                try {
                    if (http.send(get("/actuator/health/readiness").build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // Starting.
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the training server was not ready within 3 minutes");
        }

        private HttpRequest.Builder get(String path) {
            return HttpRequest.newBuilder(resolve(path)).GET();
        }

        private HttpRequest post(String path, String authorization) {
            return HttpRequest.newBuilder(resolve(path)).header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
        }

        private URI resolve(String pathOrUri) {
            return base.resolve(pathOrUri);
        }
    }

    private static void expect(HttpResponse<?> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + " instead of " + status + ": " + response.body());
        }
    }

    private static String field(HttpResponse<String> response, String name) {
        expect(response, 200);
        Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (!value.find()) {
            throw new IllegalStateException("no " + name + " in " + response.uri());
        }
        return value.group(1);
    }

    private static String digest(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static boolean unchanged(Path stamp, String inputs, Path output) throws IOException {
        return Files.exists(output) && Files.isRegularFile(stamp) && Files.readString(stamp).equals(inputs);
    }

    /**
     * The application jar by its content (the build rewrites it every time, reproducibly), the
     * libraries in Maven's repository by name, size and time: an unchanged build keeps its cache.
     */
    private static String fingerprint(Path jar, List<Path> libraries) throws Exception {
        StringBuilder fingerprint = new StringBuilder(digest(Files.readAllBytes(jar))).append('\n');
        for (Path library : libraries) {
            fingerprint.append(library).append(' ').append(Files.size(library)).append(' ')
                    .append(Files.getLastModifiedTime(library).toMillis()).append('\n');
        }
        return fingerprint.toString();
    }

    private static void copyAsJibDoes(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
        Files.setLastModifiedTime(to, JIB_FILE_TIME);
    }

    private static String release(Path jdk) throws IOException {
        Path release = jdk.resolve("release");
        return Files.isRegularFile(release) && Files.isExecutable(jdk.resolve("bin/jlink")) ? Files.readString(release) : "";
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
