package dev.berth.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * podman on a vfs store of its own in a directory of the test's, as {@link PodmanClientTest} runs
 * it: its own storage.conf, an empty containers.conf, an authfile of its own and the
 * registries.conf the test writes (none: an empty one), so the machine's images and configuration
 * never come into it.
 */
final class Podman {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Path program;
    private final Path dir;
    private final Map<String, String> environment;

    /** Finds podman (or skips/fails as {@link Programs#require} does); {@code registriesConf} null for none. */
    Podman(Path dir, String registriesConf) {
        this.program = Programs.require("podman");
        this.dir = dir;
        try {
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(dir.resolve("containers.conf"), "");
            Files.writeString(dir.resolve("registries.conf"), registriesConf == null ? "" : registriesConf);
            Files.writeString(dir.resolve("auth.json"), "{\"auths\":{}}");
            Files.writeString(dir.resolve("storage.conf"), "[storage]\ndriver = \"vfs\"\nrunroot = \""
                    + dir.resolve("run") + "\"\ngraphroot = \"" + dir.resolve("root") + "\"\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.environment = Map.of("CONTAINERS_CONF", dir.resolve("containers.conf").toString(),
                "CONTAINERS_REGISTRIES_CONF", dir.resolve("registries.conf").toString(),
                "CONTAINERS_STORAGE_CONF", dir.resolve("storage.conf").toString(),
                "TMPDIR", dir.resolve("tmp").toString(), "REGISTRY_AUTH_FILE", dir.resolve("auth.json").toString());
    }

    /** {@code podman login} to {@code host} with the secret on stdin, into this podman's authfile; {@code options} as given. */
    void login(String host, Credentials credentials, String... options) {
        List<String> login = new ArrayList<>(List.of("login"));
        login.addAll(List.of(options));
        login.addAll(List.of("--username", credentials.username(), "--password-stdin", host));
        Processes.runOk(TIMEOUT, environment, command(login.toArray(String[]::new)), credentials.secret());
    }

    /** Runs podman on this store; fails unless it exits with 0. */
    Processes.Result run(String... arguments) {
        return Processes.runOk(TIMEOUT, environment, command(arguments));
    }

    /** Runs podman on this store, whatever its outcome. */
    Processes.Result tryRun(String... arguments) {
        return Processes.run(TIMEOUT, environment, command(arguments));
    }

    /** {@code podman image inspect --format format image}, trimmed. */
    String inspect(String format, String image) {
        return run("image", "inspect", "--format", format, image).stdout().trim();
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(program.toString(),
                "--root", dir.resolve("root").toString(),
                "--runroot", dir.resolve("run").toString(),
                "--tmpdir", dir.resolve("libpod").toString(),
                "--storage-driver=vfs", "--events-backend=none", "--cgroup-manager=cgroupfs"));
        command.addAll(List.of(arguments));
        return command;
    }
}
