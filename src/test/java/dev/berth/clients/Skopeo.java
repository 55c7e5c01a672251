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
 * neither the machine's configuration nor another test's logins change what it does.
 */
final class Skopeo {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Path program;
    private final Path dir;
    private final Map<String, String> environment;

    /** Finds skopeo (or skips/fails as {@link Programs#require} does) and sets up {@code dir}. */
    Skopeo(Path dir) {
        this.program = Programs.require("skopeo");
        this.dir = dir;
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
        Processes.runOk(TIMEOUT, environment, command("login", "--tls-verify=false", "--username",
                credentials.username(), "--password-stdin", host), credentials.secret());
    }

    /** {@code skopeo login} as {@link #login} does, returning the result whether or not the registry accepted it. */
    Processes.Result tryLogin(String host, Credentials credentials) {
        return Processes.run(TIMEOUT, environment, command("login", "--tls-verify=false", "--username",
                credentials.username(), "--password-stdin", host), credentials.secret());
    }

    /**
     * Copies {@code ref} of the OCI layout {@code layout} to {@code target} ({@code host/repo:tag})
     * over plain HTTP, every platform of an index included; returns the manifest digest skopeo pushed.
     */
    String push(Path layout, String ref, String target) {
        Path digestFile = dir.resolve("pushed.digest");
        run("copy", "--all", "--dest-tls-verify=false", "--digestfile", digestFile.toString(),
                "oci:" + layout + ":" + ref, "docker://" + target);
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

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(program.toString(), "--policy",
                dir.resolve("policy.json").toString()));
        command.addAll(List.of(arguments));
        return command;
    }
}
