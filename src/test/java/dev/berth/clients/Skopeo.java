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
 * skopeo isolated in a directory of the test's: an empty registries.conf, an accept-anything
 * policy, an authfile of its own (empty until {@link #login}) and its own temporary space, so
 * neither the machine's configuration nor another test's logins change what it does. It speaks
 * plain HTTP, or HTTPS verifying the registry against the CA certificates of a cert dir
 * ({@link #trusting}).
 */
final class Skopeo {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Path program;
    private final Path dir;
    private final Map<String, String> environment;
    /** Holds the CA certificates ({@code *.crt}) TLS is verified against; null: plain HTTP. */
    private final Path certDir;

    /** Finds skopeo (or skips/fails as {@link Programs#require} does) and sets up {@code dir}. */
    Skopeo(Path dir) {
        this(dir, null);
    }

    /** The same, speaking HTTPS with verification on ({@code --tls-verify=true}) against the CAs in {@code certDir}. */
    static Skopeo trusting(Path dir, Path certDir) {
        return new Skopeo(dir, certDir);
    }

    private Skopeo(Path dir, Path certDir) {
        this.program = Programs.require("skopeo");
        this.dir = dir;
        this.certDir = certDir;
        try {
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(dir.resolve("registries.conf"), "");
            Files.writeString(dir.resolve("auth.json"), "{\"auths\":{}}");
            Files.writeString(dir.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.environment = Map.of("CONTAINERS_REGISTRIES_CONF", dir.resolve("registries.conf").toString(),
                "TMPDIR", dir.resolve("tmp").toString(), "REGISTRY_AUTH_FILE", dir.resolve("auth.json").toString());
    }

    /** {@code skopeo login} to {@code host} with the secret on stdin, into this skopeo's authfile. */
    void login(String host, Credentials credentials) {
        List<String> login = new ArrayList<>(List.of("login"));
        login.addAll(certDir == null ? List.of("--tls-verify=false")
                : List.of("--tls-verify=true", "--cert-dir", certDir.toString()));
        login.addAll(List.of("--username", credentials.username(), "--password-stdin", host));
        Processes.runOk(TIMEOUT, environment, command(login.toArray(String[]::new)), credentials.secret());
    }

    /** {@code skopeo login} as {@link #login} does, returning the result whether or not the registry accepted it. */
    Processes.Result tryLogin(String host, Credentials credentials) {
        return Processes.run(TIMEOUT, environment, command("login", "--tls-verify=false", "--username",
                credentials.username(), "--password-stdin", host), credentials.secret());
    }

    /**
     * Copies {@code ref} of the OCI layout {@code layout} to {@code target} ({@code host/repo:tag})
     * (over plain HTTP, or verified HTTPS when {@link #trusting}), every platform of an index included;
     * returns the manifest digest skopeo pushed.
     */
    String push(Path layout, String ref, String target) {
        Path digestFile = dir.resolve("pushed.digest");
        List<String> copy = new ArrayList<>(List.of("copy", "--all"));
        copy.addAll(certDir == null ? List.of("--dest-tls-verify=false")
                : List.of("--dest-tls-verify=true", "--dest-cert-dir", certDir.toString()));
        copy.addAll(List.of("--digestfile", digestFile.toString(), "oci:" + layout + ":" + ref, "docker://" + target));
        run(copy.toArray(String[]::new));
        try {
            return Files.readString(digestFile).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs skopeo; fails unless it exits with 0. */
    Processes.Result run(String... arguments) {
        return Processes.runOk(TIMEOUT, environment, command(arguments));
    }

    /** Runs skopeo, whatever its outcome. */
    Processes.Result tryRun(String... arguments) {
        return Processes.run(TIMEOUT, environment, command(arguments));
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(program.toString(), "--policy",
                dir.resolve("policy.json").toString()));
        command.addAll(List.of(arguments));
        return command;
    }
}
