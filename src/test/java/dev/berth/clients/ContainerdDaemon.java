package dev.berth.clients;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private containerd for one test: root, state and the gRPC socket under the test's temporary
 * directory, the CRI plugin off (no Kubernetes here), no TCP listener. {@link #close()} stops it.
 */
final class ContainerdDaemon implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Path ctr;
    private final Path socket;
    private final Path log;
    private final Process process;

    /** Starts containerd in {@code dir}; keep it short, unix socket paths are limited to 108 bytes. */
    ContainerdDaemon(Path containerd, Path ctr, Path dir) throws IOException {
        this.ctr = ctr;
        this.socket = dir.resolve("containerd.sock");
        this.log = dir.resolve("containerd.log");
        Path root = dir.resolve("root");
        Path state = dir.resolve("state");
        Path config = dir.resolve("config.toml");
        Files.writeString(config, String.join("\n",
                "version = 2",
                "root = \"" + root + "\"",
                "state = \"" + state + "\"",
                "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]",
                "[grpc]",
                "  address = \"" + socket + "\"",
                "[ttrpc]",
                "  address = \"" + socket + ".ttrpc\"",
                "[debug]",
                "  address = \"\"",
                "[metrics]",
                "  address = \"\"",
                ""));
        this.process = new ProcessBuilder(containerd.toString(), "--config", config.toString(),
                "--root", root.toString(), "--state", state.toString(), "--address", socket.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Processes.NO_INPUT)).start();
        awaitReady();
    }

    /**
     * Runs {@code ctr} in namespace {@code test} against this daemon; fails unless it exits with 0,
     * quoting the daemon's log.
     */
    Processes.Result ctr(Duration timeout, String... arguments) {
        Processes.Result result = tryCtr(timeout, arguments);
        if (!result.succeeded()) {
            throw new AssertionError("command failed: " + result.describe() + "\n--- containerd log (end) ---\n"
                    + Processes.tail(log(), 40));
        }
        return result;
    }

    Processes.Result tryCtr(Duration timeout, String... arguments) {
        return Processes.run(timeout, Map.of(), command(arguments));
    }

    String log() {
        return Processes.read(log);
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(ctr.toString(), "--address", socket.toString(), "-n", "test"));
        command.addAll(List.of(arguments));
        return command;
    }

    private void awaitReady() {
        Processes.awaitDaemon("containerd", process, socket, STARTUP,
                () -> tryCtr(Duration.ofSeconds(10), "version"), log);
    }

    @Override
    public void close() {
        Processes.kill(process, Duration.ofSeconds(20));
    }
}
