package dev.berth.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * A real OpenID provider on loopback, in a JVM of its own ({@code dev.berthtest.oidc.ProviderMain}:
 * Spring Authorization Server), for the tests of OIDC sign-in (people) and of workload identity (CI jobs).
 * Nothing of it runs in the test's JVM, so no Berth context ever sees an authorization server.
 * <p>
 * People: authorization code with PKCE through the provider's HTML login form ({@code /login}, fields
 * {@code username} and {@code password}); the one {@link Client} the test names; ID tokens carry
 * {@code preferred_username}, {@code email} ({@code <name>@example.test}) and {@code groups}.
 * <pre>
 * try (OpenIdProvider provider = OpenIdProvider.start(log, new OpenIdProvider.Client("berth", "s3cret",
 *         "http://127.0.0.1:" + berthPort + "/login/oauth2/code/corp"),
 *         new OpenIdProvider.Person("alice", "alice-pw", List.of("platform-team")))) {
 *     // berth.auth.oidc.providers[0].issuer-uri = provider.issuer()
 * }
 * </pre>
 * Workloads: {@link #issueWorkloadToken} returns a signed CI-style OIDC token (a GitHub Actions job's with
 * {@link WorkloadToken#githubActions}) with the audience, claims and lifetime asked for;
 * {@link #rotateKeys} makes the provider sign with a new key from then on (the old one stays in its JWKS).
 * <pre>
 * try (OpenIdProvider provider = OpenIdProvider.start(log)) {
 *     String jwt = provider.issueWorkloadToken(WorkloadToken.githubActions("berth", "acme/app", "refs/heads/main"));
 * }
 * </pre>
 * Forged tokens (another key, another audience, expired) are the test's to make: Nimbus is on the classpath.
 */
public final class OpenIdProvider implements AutoCloseable {

    /** The confidential client people sign in through (PKCE required, no consent page). */
    public record Client(String id, String secret, String redirectUri) {
    }

    /** Someone who can sign in on the provider's form, and the groups their ID token lists. */
    public record Person(String name, String password, List<String> groups) {
    }

    /**
     * What a CI job's token says: {@code aud}, the claims beyond {@code iss}, {@code iat}, {@code nbf},
     * {@code exp} and {@code jti} (which the provider sets; a {@code jti} among the claims wins), when it
     * was issued and how long it lives.
     */
    public record WorkloadToken(String audience, Map<String, Object> claims, Instant issuedAt, Duration lifetime) {

        public WorkloadToken {
            claims = Map.copyOf(claims);
        }

        /** The claims of a GitHub Actions job in {@code repository} running for {@code ref}, valid 5 minutes from now. */
        public static WorkloadToken githubActions(String audience, String repository, String ref) {
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("sub", "repo:" + repository + ":ref:" + ref);
            claims.put("repository", repository);
            claims.put("repository_owner", repository.substring(0, repository.indexOf('/')));
            claims.put("ref", ref);
            claims.put("ref_type", ref.startsWith("refs/tags/") ? "tag" : "branch");
            claims.put("workflow", "build");
            claims.put("event_name", "push");
            claims.put("run_id", "4242");
            claims.put("actor", "octocat");
            claims.put("runner_environment", "github-hosted");
            return new WorkloadToken(audience, claims, Instant.now(), Duration.ofMinutes(5));
        }

        public WorkloadToken withClaim(String name, Object value) {
            Map<String, Object> changed = new LinkedHashMap<>(claims);
            changed.put(name, value);
            return new WorkloadToken(audience, changed, issuedAt, lifetime);
        }

        public WorkloadToken withAudience(String other) {
            return new WorkloadToken(other, claims, issuedAt, lifetime);
        }

        public WorkloadToken issued(Instant at, Duration validFor) {
            return new WorkloadToken(audience, claims, at, validFor);
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;
    private final String workloadClientSecret;
    private final HttpClient http = HttpClient.newHttpClient();

    private OpenIdProvider(Process process, int port, String workloadClientSecret) {
        this.process = process;
        this.port = port;
        this.workloadClientSecret = workloadClientSecret;
    }

    /** A provider for workloads only: no client for people, nobody to sign in. */
    public static OpenIdProvider start(Path log) {
        return start(log, 0, List.of());
    }

    /** Starts the provider, its output going to {@code log}, and waits until its discovery document answers. */
    public static OpenIdProvider start(Path log, Client client, Person... people) {
        return start(log, 0, client, people);
    }

    /** The same on a given port (0: any free one), for a Berth configured with the issuer before it starts. */
    public static OpenIdProvider start(Path log, int port, Client client, Person... people) {
        return start(log, port, client == null ? List.of() : List.of(client), people);
    }

    /** The same with several clients for people, each with its own secret and redirect URI. */
    public static OpenIdProvider start(Path log, int port, List<Client> clients, Person... people) {
        String workloadSecret = UUID.randomUUID().toString();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.berthtest.oidc.ProviderMain", "--port=" + port, "--workload-client=workloads:" + workloadSecret));
        for (Client client : clients) {
            command.add("--client=" + client.id() + ":" + client.secret() + ":" + client.redirectUri());
        }
        for (Person person : people) {
            command.add("--person=" + person.name() + ":" + person.password() + ":" + String.join(",", person.groups()));
        }
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            // Standard input stays open: the provider exits when it closes, with this JVM at the latest.
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> copyOutput(process, log, listening), "oidc-provider-output");
        reader.setDaemon(true);
        reader.start();
        try {
            OpenIdProvider provider = new OpenIdProvider(process,
                    listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS), workloadSecret);
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

    /** The issuer: {@code http://127.0.0.1:<port>}, as its tokens' {@code iss} say. */
    public String issuer() {
        return issuer(port);
    }

    public static String issuer(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** Where the provider publishes its public keys (its discovery document's {@code jwks_uri}). */
    public String jwksUri() {
        return issuer() + "/oauth2/jwks";
    }

    /** A CI job's OIDC token, signed by the provider's current key (a client-credentials grant of its workload client). */
    public String issueWorkloadToken(WorkloadToken token) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("audience", token.audience());
        form.put("claims", JSONObjectUtils.toJSONString(token.claims()));
        form.put("issued_at", Long.toString(token.issuedAt().getEpochSecond()));
        form.put("lifetime", Long.toString(token.lifetime().toSeconds()));
        String body = send(HttpRequest.newBuilder(URI.create(issuer() + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("workloads:" + workloadClientSecret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))).build());
        try {
            return JSONObjectUtils.getString(JSONObjectUtils.parse(body), "access_token");
        } catch (ParseException e) {
            throw new IllegalStateException("the provider's token response is not JSON: " + body, e);
        }
    }

    /** Signs with a new key from now on; the previous one stays published. Returns the new key's {@code kid}. */
    public String rotateKeys() {
        return send(HttpRequest.newBuilder(URI.create(issuer() + "/test/keys/rotate"))
                .POST(HttpRequest.BodyPublishers.noBody()).build()).trim();
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(10));
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the provider answered " + request.uri() + " with "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String formBody(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
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
}
