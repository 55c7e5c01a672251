package dev.berth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Berth as a process of its own, started from the packaged jar ({@code target/berth-*.jar}, so
 * only in the failsafe phase) or by a command line of the test's: for tests where sharing a JVM
 * would hide shared state, and for the ways Berth is shipped.
 */
public final class BerthProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final List<String> launch;
    private final int port;
    private final Path dataDir;
    private final List<String> properties;
    private final Path log;

    private BerthProcess(Process process, List<String> launch, int port, Path dataDir, List<String> properties,
            Path log) {
        this.process = process;
        this.launch = launch;
        this.port = port;
        this.dataDir = dataDir;
        this.properties = properties;
        this.log = log;
    }

    public static BerthProcess start(Path dataDir, List<String> properties) throws IOException, InterruptedException {
        return start(dataDir, freePort(), properties);
    }

    /** Starts Berth on {@code port} (see {@link #freePort()}), for tests that must know it before the start. */
    public static BerthProcess start(Path dataDir, int port, List<String> properties)
            throws IOException, InterruptedException {
        return start(dataDir, port, List.of("-Xmx384m"), properties);
    }

    /** The same with the JVM flags given instead of the default {@code -Xmx384m}. */
    public static BerthProcess start(Path dataDir, int port, List<String> jvmFlags, List<String> properties)
            throws IOException, InterruptedException {
        List<String> launch = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        launch.addAll(jvmFlags);
        launch.addAll(List.of("-jar", packagedJar().toString()));
        return start(launch, dataDir, port, properties);
    }

    /**
     * Berth started by {@code launch}, a JVM's command line up to what it runs (a {@code -jar} or a
     * main class), such as an image's entrypoint; the port, data directory and admin password follow.
     */
    public static BerthProcess start(List<String> launch, Path dataDir, int port, List<String> properties)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launch);
        command.addAll(List.of("--server.port=" + port, "--server.address=127.0.0.1",
                "--berth.data-dir=" + dataDir, "--berth.auth.admin-password=" + BerthHttpTest.ADMIN_PASSWORD,
                "--logging.level.dev.berth.requests=warn"));
        for (String property : properties) {
            command.add("--" + property);
        }
        // Appended to, so a restart on the same directory keeps the log of the run before.
        Path log = dataDir.resolve("berth.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        BerthProcess berth = new BerthProcess(process, List.copyOf(launch), port, dataDir, List.copyOf(properties),
                log);
        berth.awaitReady();
        return berth;
    }

    public int port() {
        return port;
    }

    /** What the process wrote so far (every run on this data directory). */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /**
     * SIGKILL: the process ends at once, with no shutdown hook, no graceful stop of its workers and
     * nothing flushed, as when the machine or the container runtime kills it (with whatever it started:
     * a launch script's JVM too). Waits until it is gone.
     */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("Berth (pid " + process.pid() + ") survived SIGKILL for 30 s");
        }
    }

    /** A new process on the same command line, data directory, port and settings: this one must have ended. */
    public BerthProcess restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("Berth (pid " + process.pid() + ") is still running");
        }
        return start(launch, dataDir, port, properties);
    }

    public RegistryClient client() {
        return new RegistryClient("http://localhost:" + port).withBasic("admin", BerthHttpTest.ADMIN_PASSWORD);
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Berth exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v2/")).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("Berth did not answer on port " + port + " within " + START_TIMEOUT);
    }

    /** {@code target/berth-*.jar}, the executable jar {@code package} makes. */
    public static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(path -> path.getFileName().toString().matches("berth-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/berth-*.jar: run in the failsafe phase"));
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(30));
    }
}
