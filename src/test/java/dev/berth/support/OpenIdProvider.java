package dev.berth.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real OpenID provider on loopback, in a JVM of its own ({@code dev.berthtest.oidc.ProviderMain}:
 * Spring Authorization Server, form login, PKCE required). Tests name its one client and its
 * people; {@link #issuer()} is what Berth's {@code issuer-uri} must say.
 *
 * <pre>
 * try (OpenIdProvider provider = OpenIdProvider.start(log, new OpenIdProvider.Client("berth", "s3cret",
 *         "http://127.0.0.1:" + berthPort + "/login/oauth2/code/corp"),
 *         new OpenIdProvider.Person("alice", "alice-pw", List.of("platform-team")))) { ... }
 * </pre>
 */
public final class OpenIdProvider implements AutoCloseable {

    public record Client(String id, String secret, String redirectUri) {
    }

    public record Person(String name, String password, List<String> groups) {
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;

    private OpenIdProvider(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the provider, its output going to {@code log}, and waits until its discovery document answers. */
    public static OpenIdProvider start(Path log, Client client, Person... people) {
        return start(log, 0, client, people);
    }

    /** The same on a given port (0: any free one), for a Berth configured with the issuer before it starts. */
    public static OpenIdProvider start(Path log, int port, Client client, Person... people) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.berthtest.oidc.ProviderMain", "--port=" + port,
                "--client=" + client.id() + ":" + client.secret() + ":" + client.redirectUri()));
        for (Person person : people) {
            command.add("--person=" + person.name() + ":" + person.password() + ":" + String.join(",", person.groups()));
        }
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> copyOutput(process, log, listening), "oidc-provider-output");
        reader.setDaemon(true);
        reader.start();
        try {
            OpenIdProvider provider = new OpenIdProvider(process, listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            provider.awaitDiscovery();
            return provider;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the OpenID provider did not start; its output is in " + log, e);
        }
    }

    private static void copyOutput(Process process, Path log, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (line.startsWith("PROVIDER_PORT=")) {
                    port.complete(Integer.parseInt(line.substring("PROVIDER_PORT=".length()).trim()));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("the provider exited before it listened"));
    }

    private void awaitDiscovery() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(issuer() + "/.well-known/openid-configuration")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"jwks_uri\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // keep trying until the deadline
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("no discovery document at " + issuer());
            }
            Thread.sleep(200);
        }
    }

    /** The issuer: {@code http://127.0.0.1:<port>}, as its tokens' {@code iss} say. */
    public String issuer() {
        return issuer(port);
    }

    public static String issuer(int port) {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(10));
    }
}
