package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import dev.berth.support.DistributionRegistry;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * CNCF Distribution behind HTTP Basic (htpasswd) as the upstream: Berth answers its {@code Basic}
 * challenge with the configured credentials, and sends them unasked from then on; with a wrong
 * password, the client hears the upstream's {@code 401}, and nothing is cached.
 */
class BasicAuthUpstreamTest {

    private static final String PASSWORD = "basic-upstream-password";

    @TempDir
    Path temp;

    @Test
    void basicChallenge_isAnsweredWithTheConfiguredCredentials() {
        String htpasswd = "mirror:" + new BCryptPasswordEncoder().encode(PASSWORD);
        try (DistributionRegistry upstream = DistributionRegistry.start(temp.resolve("distribution"), htpasswd)) {
            RegistryClient origin = new RegistryClient(upstream.url()).withBasic("mirror", PASSWORD);
            PushedImage image = PushedImage.push(origin, "team/app", "v1", 1, 50_000, 40);

            try (StandaloneBerth cache = StandaloneBerth.start(temp.resolve("cache"),
                    "berth.proxy.upstreams[0].name=up", "berth.proxy.upstreams[0].url=" + upstream.url(),
                    "berth.proxy.upstreams[0].username=mirror", "berth.proxy.upstreams[0].password=" + PASSWORD,
                    "berth.proxy.upstreams[1].name=wrong", "berth.proxy.upstreams[1].url=" + upstream.url(),
                    "berth.proxy.upstreams[1].registry-host=wrong.test",
                    "berth.proxy.upstreams[1].username=mirror", "berth.proxy.upstreams[1].password=not-it")) {
                RegistryClient client = cache.client();
                HttpResponse<byte[]> manifest = client.get("/v2/up/team/app/manifests/v1");
                assertThat(manifest.statusCode()).as(RegistryClient.text(manifest)).isEqualTo(200);
                assertThat(manifest.body()).isEqualTo(image.manifest());
                assertThat(client.get("/v2/up/team/app/blobs/" + image.layerDigests().get(0)).body())
                        .isEqualTo(image.layers().get(0));

                HttpResponse<byte[]> refused = client.get("/v2/wrong/team/app/manifests/v1");
                assertThat(refused.statusCode()).as(RegistryClient.text(refused)).isEqualTo(401);
                assertThat(RegistryClient.text(refused)).contains("UNAUTHORIZED").contains("upstream wrong");
                assertThat(RegistryClient.text(refused)).doesNotContain("not-it");
            }
        }
    }
}
