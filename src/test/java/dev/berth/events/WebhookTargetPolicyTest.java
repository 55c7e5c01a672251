package dev.berth.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;
import dev.berth.support.WebhookApi;
import dev.berth.support.WebhookReceiver;

/**
 * With the default settings a webhook cannot be pointed at what the registry's own network
 * reaches but its users should not (loopback, private ranges, link-local, the cloud metadata
 * address), by an address literal in any spelling or by a name: neither when subscribing nor when
 * changing a subscription's URL. The refusal is a 400 problem naming the setting that would allow
 * it, and leaves nothing behind. Runs on the suite's shared server, whose settings are the defaults.
 */
class WebhookTargetPolicyTest extends BerthHttpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SETTING = "berth.events.allow-private-targets";

    @Test
    void internalTargets_areRefusedNamingTheSetting_andNothingIsCreated() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            List<String> internal = List.of(receiver.url("/"), "http://10.0.0.1/",
                    "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://localhost/",
                    // The same places spelt otherwise, and the rest of the ranges.
                    "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/",
                    "http://[::ffff:169.254.169.254]/", "http://172.16.5.4/", "http://192.168.0.1/",
                    "http://100.64.0.1/", "http://[fd00::1]/", "http://[fe80::1]/", "https://127.0.0.1:443/",
                    "http://LOCALHOST/", "http://[::]/", "http://[::ffff:7f00:1]/");
            String namespace = "ssrf" + UUID.randomUUID().toString().substring(0, 8);
            for (String url : internal) {
                for (String scope : new String[] {null, namespace}) {
                    HttpResponse<byte[]> refused = WebhookApi.create(registry, url, scope, "cloudevents",
                            "manifest.pushed");
                    assertProblem(refused, url);
                    assertThat(RegistryClient.text(refused)).as(url).contains(SETTING);
                }
            }
            // Spellings some resolvers take for loopback are not URLs with a host at all here.
            String port = Integer.toString(java.net.URI.create(receiver.url("/")).getPort());
            List<String> odd = List.of("http://127.1:" + port + "/", "http://2130706433:" + port + "/",
                    "http://0x7f000001:" + port + "/", "http://127.0.0.1.:" + port + "/", "HTTP://127.0.0.1:" + port + "/");
            for (String url : odd) {
                assertProblem(WebhookApi.create(registry, url, namespace, "cloudevents", "manifest.pushed"), url);
            }
            assertThat(listedUrls()).doesNotContainAnyElementsOf(internal).doesNotContainAnyElementsOf(odd);
            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    void changingAPublicTargetToAnInternalOne_isRefused_andTheSubscriptionKeepsItsUrl() {
        // An address literal of the documentation range: public, and no DNS needed to check it.
        String namespace = "ssrf" + UUID.randomUUID().toString().substring(0, 8);
        long id = WebhookApi.id(WebhookApi.subscribe(registry, "http://192.0.2.10/hook", namespace, "cloudevents",
                "manifest.pushed"));
        try {
            for (String url : List.of("http://127.0.0.1/", "http://169.254.169.254/latest/meta-data")) {
                HttpResponse<byte[]> refused = registry.send("PATCH", "/api/v1/webhooks/" + id,
                        ("{\"url\":\"" + url + "\"}").getBytes(StandardCharsets.UTF_8), "Content-Type",
                        "application/json");
                assertProblem(refused, url);
                assertThat(RegistryClient.text(refused)).contains(SETTING);
            }
            assertThat(WebhookApi.get(registry, id).get("url").asString()).isEqualTo("http://192.0.2.10/hook");
        } finally {
            assertThat(registry.delete("/api/v1/webhooks/" + id).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void credentialsInTheUrl_areRefused() {
        for (String url : List.of("http://user:password@192.0.2.10/hook", "https://token@192.0.2.10/",
                "http://user:password@127.0.0.1/")) {
            HttpResponse<byte[]> refused = WebhookApi.create(registry, url, null, "cloudevents", "manifest.pushed");
            assertProblem(refused, url);
            assertThat(RegistryClient.text(refused)).as(url).contains("credentials").doesNotContain("password@");
        }
        assertThat(listedUrls()).noneMatch(url -> url.contains("@"));
    }

    private static void assertProblem(HttpResponse<byte[]> response, String url) {
        assertThat(response.statusCode()).as(url + " -> " + RegistryClient.text(response)).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).as(url)
                .hasValueSatisfying(type -> assertThat(type).contains("application/problem+json"));
    }

    /** Every subscription's URL, all pages. */
    private List<String> listedUrls() {
        List<String> urls = new ArrayList<>();
        for (int page = 0; ; page++) {
            HttpResponse<byte[]> listed = registry.get("/api/v1/webhooks?size=100&page=" + page);
            assertThat(listed.statusCode()).as(RegistryClient.text(listed)).isEqualTo(200);
            JsonNode items = JSON.readTree(listed.body()).get("items");
            items.valueStream().forEach(item -> urls.add(item.get("url").asString()));
            if (items.size() < 100) {
                return urls;
            }
        }
    }
}
