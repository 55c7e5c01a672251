package dev.berth.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * CNCF Distribution ({@code docker-registry serve}, the Debian package {@code docker-registry}) on
 * loopback, started by a test as a second, independent registry implementation: filesystem storage
 * in the test's directory, no auth. Without the program the test is skipped, except in CI
 * ({@code CI=true}), where it fails: {@code .ci/run} installs it.
 */
public final class DistributionRegistry implements AutoCloseable {

    public static final String PROGRAM = "docker-registry";
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final int ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final Path log;

    private DistributionRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts one in {@code dir} (its config, log and storage go there) and waits until
     * {@code GET /v2/} answers 200. A port taken between choosing and binding it is retried on another.
     */
    public static DistributionRegistry start(Path dir) {
        return start(dir, null);
    }

    /**
     * As {@link #start(Path)}, behind HTTP Basic auth when {@code htpasswd} is given: one
     * {@code user:bcrypt-hash} line, as Distribution's htpasswd auth reads it.
     */
    public static DistributionRegistry start(Path dir, String htpasswd) {
        Path program = requireProgram();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return startOn(program, dir, freePort(), htpasswd);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    /** The {@code docker-registry} executable, or the test is skipped (locally) or failed (CI). */
    public static Path requireProgram() {
        Optional<Path> program = find();
        if (program.isEmpty()) {
            String message = PROGRAM + " (CNCF Distribution) is not installed";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message + " (CI=true: .ci/run should have installed it)");
            }
            Assumptions.assumeTrue(false, message);
        }
        return program.get();
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}, as clients name the registry. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://" + host();
    }

    /** Its log so far, for failure messages. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(10));
    }

    private static DistributionRegistry startOn(Path program, Path dir, int port, String htpasswd) {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("config.yml");
            String auth = "";
            if (htpasswd != null) {
                Files.writeString(dir.resolve("htpasswd"), htpasswd + "\n");
                auth = "auth:\n  htpasswd:\n    realm: berth-test\n    path: " + dir.resolve("htpasswd") + "\n";
            }
            Files.writeString(config, auth + String.join("\n",
                    "version: 0.1",
                    "log:",
                    "  level: info",
                    "storage:",
                    "  filesystem:",
                    "    rootdirectory: " + dir.resolve("storage"),
                    "  delete:",
                    "    enabled: true",
                    "http:",
                    "  addr: 127.0.0.1:" + port,
                    // A fixed secret silences the warning about a random one; there is one instance.
                    "  secret: berth-test",
                    ""));
            Path log = dir.resolve("registry-" + port + ".log");
            Process process = new ProcessBuilder(program.toString(), "serve", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            DistributionRegistry registry = new DistributionRegistry(process, port, log);
            registry.awaitReady(htpasswd == null ? 200 : 401);
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + program, e);
        }
    }

    /** Waits until {@code GET /v2/} answers {@code readyStatus} (401 behind auth). */
    private void awaitReady(int readyStatus) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/v2/")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String lastProblem = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(PROGRAM + " exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> response = http.send(probe, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == readyStatus) {
                    return;
                }
                lastProblem = "GET /v2/ answered " + response.statusCode();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException(e);
            }
        }
        close();
        // Not an IllegalStateException: a registry that runs but never answers is not a port clash.
        throw new AssertionError(PROGRAM + " did not answer within " + STARTUP + " (" + lastProblem + "):\n" + log());
    }

    private static Optional<Path> find() {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    dirs.add(dir);
                }
            }
        }
        dirs.add("/usr/bin");
        for (String dir : dirs) {
            Path candidate = Path.of(dir, PROGRAM);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
