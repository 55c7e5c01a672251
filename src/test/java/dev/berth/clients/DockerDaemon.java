package dev.berth.clients;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private Docker engine for one test, used only to load, push and pull images: no bridge, no
 * iptables, vfs storage, state under the test's temporary directory, API on a unix socket only.
 * {@link #close()} stops it and the containerd it started.
 */
final class DockerDaemon implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64}) size: \\d+");

    private final Path docker;
    private final String registry;
    private final Path socket;
    private final Path log;
    private final Map<String, String> environment;
    private final Process process;
    /** {@code /etc/docker/certs.d} as dockerd sees it, when it runs in a namespace of its own ({@link #verifyingTls}). */
    private final Path certsDir;

    /**
     * Starts dockerd in {@code dir} (keep it short: unix socket paths are limited to 108 bytes)
     * trusting {@code insecureRegistry} over plain HTTP.
     */
    DockerDaemon(Path dockerd, Path docker, Path dir, String insecureRegistry) throws IOException {
        this(dockerd, docker, dir, insecureRegistry, List.of());
    }

    /**
     * The same, with {@code registryMirrors} ({@code http://host:port}) as daemon.json's
     * {@code registry-mirrors}: pulls of Docker Hub names go to them first.
     */
    DockerDaemon(Path dockerd, Path docker, Path dir, String insecureRegistry, List<String> registryMirrors)
            throws IOException {
        this(docker, dir, insecureRegistry, List.of(dockerd.toString()), registryMirrors,
                List.of("--insecure-registry", insecureRegistry));
    }

    /**
     * Starts dockerd for {@code registry} ({@code host:port}) over verified TLS, as an operator sets
     * it up: the CA certificate in {@code /etc/docker/certs.d/<host:port>/ca.crt}. The daemon runs in
     * a mount namespace of its own where {@code /etc/docker} is {@code dir/etc-docker} (so the test
     * writes the CA there, {@link #trust}) and {@code /etc/hosts} holds {@code hostsLine}: docker
     * treats every 127.0.0.0/8 address as insecure and skips verification for it, so the registry is
     * reached by a name that resolves to {@code ::1} instead.
     */
    static DockerDaemon verifyingTls(Path dockerd, Path docker, Path dir, String registry, String hostsLine)
            throws IOException {
        Path unshare = Programs.require("unshare");
        Path etcDocker = Files.createDirectories(dir.resolve("etc-docker"));
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n" + hostsLine + "\n");
        // sh -c: $0 and $1 are the two files to mount, the rest is dockerd's command line.
        List<String> prefix = List.of(unshare.toString(), "--mount", "--propagation", "private", "sh", "-c",
                "mkdir -p /etc/docker && mount --bind \"$0\" /etc/hosts && mount --bind \"$1\" /etc/docker"
                        + " && shift && exec \"$@\"", hosts.toString(), etcDocker.toString(), dockerd.toString());
        return new DockerDaemon(docker, dir, registry, prefix, List.of(), List.of());
    }

    private DockerDaemon(Path docker, Path dir, String registry, List<String> dockerd, List<String> registryMirrors,
            List<String> registryArguments) throws IOException {
        this.docker = docker;
        this.registry = registry;
        this.socket = dir.resolve("docker.sock");
        this.log = dir.resolve("dockerd.log");
        this.certsDir = dir.resolve("etc-docker").resolve("certs.d");
        Path config = dir.resolve("daemon.json");
        List<String> mirrors = registryMirrors.stream().map(mirror -> "\"" + mirror + "\"").toList();
        Files.writeString(config, mirrors.isEmpty() ? "{}"
                : "{\"registry-mirrors\": [" + String.join(", ", mirrors) + "]}");
        Files.createDirectories(dir.resolve("cli"));
        // The CLI keeps its config (auth, contexts) here rather than in ~/.docker.
        this.environment = Map.of("DOCKER_CONFIG", dir.resolve("cli").toString());
        List<String> command = new ArrayList<>(dockerd);
        command.addAll(List.of("--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-masq=false",
                "--storage-driver=vfs",
                "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("x").toString(),
                "--pidfile", dir.resolve("docker.pid").toString(),
                "--host", "unix://" + socket,
                "--config-file", config.toString()));
        command.addAll(registryArguments);
        this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Processes.NO_INPUT)).start();
        awaitReady();
    }

    /** Puts {@code caCertificate} where dockerd looks for the registry's CA: {@code certs.d/<host:port>/ca.crt}. */
    void trust(Path caCertificate) throws IOException {
        Path hostDir = Files.createDirectories(certsDir.resolve(registry));
        Files.copy(caCertificate, hostDir.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** {@code docker login} to the registry, whatever its outcome. */
    Processes.Result tryLogin(Credentials credentials) {
        return Processes.run(COMMAND_TIMEOUT, environment, command("login", "--username", credentials.username(),
                "--password-stdin", registry), credentials.secret());
    }

    /**
     * {@code docker login} to the registry with the secret on stdin; the daemon checks it through
     * the registry's token flow, and the CLI keeps it in its own config directory.
     */
    void login(Credentials credentials) {
        Processes.runOk(COMMAND_TIMEOUT, environment, command("login", "--username", credentials.username(),
                "--password-stdin", registry), credentials.secret());
    }

    /** Runs the docker CLI against this daemon; fails unless it exits with 0, quoting the daemon's log. */
    Processes.Result docker(Duration timeout, String... arguments) {
        Processes.Result result = tryDocker(timeout, arguments);
        if (!result.succeeded()) {
            throw new AssertionError("command failed: " + result.describe() + "\n--- dockerd log (end) ---\n"
                    + Processes.tail(log(), 40));
        }
        return result;
    }

    /** Runs the docker CLI against this daemon, whatever its outcome. */
    Processes.Result tryDocker(Duration timeout, String... arguments) {
        return Processes.run(timeout, environment, command(arguments));
    }

    /** An image this daemon pushed: its id (the config digest) and the manifest digest docker printed. */
    record Pushed(String imageId, String digest) {
    }

    /**
     * Imports a root filesystem of {@code hello.txt} (holding {@code content}) and 2 MiB of
     * incompressible noise, written to {@code layer}, as {@code image}, and pushes it.
     */
    Pushed importAndPush(Path layer, String image, String content) throws IOException {
        String imageId = importImage(layer, image, content);
        Processes.Result push = docker(COMMAND_TIMEOUT, "push", image);
        Matcher matcher = PUSHED_DIGEST.matcher(push.stdout());
        if (!matcher.find()) {
            throw new AssertionError("docker push printed no digest: " + push.describe());
        }
        return new Pushed(imageId, matcher.group(1));
    }

    /** Imports the root filesystem {@link #importAndPush} describes as {@code image}; returns the image id. */
    String importImage(Path layer, String image, String content) throws IOException {
        Map<String, byte[]> files = OciLayoutWriter.files("hello.txt", content);
        files.put("noise.bin", OciLayoutWriter.noise(2 << 20, content.hashCode()));
        Files.write(layer, OciLayoutWriter.tar(files));
        return docker(COMMAND_TIMEOUT, "import", layer.toString(), image).stdout().trim();
    }

    String log() {
        return Processes.read(log);
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(docker.toString(), "-H", "unix://" + socket));
        command.addAll(List.of(arguments));
        return command;
    }

    private void awaitReady() {
        Processes.awaitDaemon("dockerd", process, socket, STARTUP,
                () -> tryDocker(Duration.ofSeconds(10), "version", "--format", "{{.Server.Version}}"), log);
    }

    @Override
    public void close() {
        Processes.kill(process, Duration.ofSeconds(20));
    }
}
