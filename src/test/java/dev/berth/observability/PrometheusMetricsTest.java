package dev.berth.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;
import dev.berth.support.TestImages;

/** A push and a pull, then what Prometheus scrapes: route templates, blob bytes, registry counts. */
class PrometheusMetricsTest extends BerthHttpTest {

    @Test
    void scrape_afterPushAndPull_reportsRoutesBytesAndCountsWithoutRawPaths() {
        String repository = uniqueRepository("metrics");
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = new byte[100_000];
        new java.util.Random(7).nextBytes(layer);
        String configDigest = registry.pushBlob(repository, config);
        String layerDigest = pushInSession(repository, layer);
        byte[] manifest = TestImages.ociManifest(configDigest, config.length, layerDigest, String.valueOf(layer.length));
        String manifestDigest = registry.putManifest(repository, "v1", "application/vnd.oci.image.manifest.v1+json",
                manifest);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + layerDigest).statusCode()).isEqualTo(200);

        HttpResponse<byte[]> scrape = registry.get("/actuator/prometheus");

        assertThat(scrape.statusCode()).isEqualTo(200);
        String metrics = RegistryClient.text(scrape);
        List<String> requestSeries = metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_count"))
                .toList();
        assertThat(requestSeries)
                .anySatisfy(line -> assertThat(line).contains("uri=\"/v2/{name}/blobs/uploads/\"").contains("status=\"201\""))
                .anySatisfy(line -> assertThat(line).contains("uri=\"/v2/{name}/blobs/uploads/{reference}\"")
                        .contains("method=\"PATCH\""))
                .anySatisfy(line -> assertThat(line).contains("uri=\"/v2/{name}/manifests/{reference}\"")
                        .contains("method=\"PUT\""))
                .anySatisfy(line -> assertThat(line).contains("uri=\"/v2/{name}/blobs/{digest}\"")
                        .contains("status=\"200\""))
                .noneSatisfy(line -> assertThat(line).contains("uri=\"/v2/**\""));
        for (String raw : List.of(repository, hex(configDigest), hex(layerDigest), hex(manifestDigest))) {
            assertThat(metrics).as("no tag holds a raw repository name or digest").doesNotContain(raw);
        }
        assertThat(value(metrics, "berth_blob_bytes_received_total")).isGreaterThanOrEqualTo(layer.length + config.length);
        assertThat(value(metrics, "berth_blob_bytes_sent_total")).isGreaterThanOrEqualTo(layer.length);
        assertThat(value(metrics, "berth_blobs")).isGreaterThanOrEqualTo(2);
        assertThat(value(metrics, "berth_blobs_stored_bytes")).isGreaterThanOrEqualTo(layer.length + config.length);
        assertThat(value(metrics, "berth_manifests")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "berth_manifests_stored_bytes")).isGreaterThanOrEqualTo(manifest.length);
        assertThat(value(metrics, "berth_uploads_in_progress")).isGreaterThanOrEqualTo(0);
        assertThat(value(metrics, "berth_upload_duration_seconds_count")).isGreaterThanOrEqualTo(2);
    }

    /** POST, one PATCH with the bytes, closing PUT: the session routes. */
    private String pushInSession(String repository, byte[] content) {
        HttpResponse<byte[]> started = registry.send("POST", "/v2/" + repository + "/blobs/uploads/", null);
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> patched = registry.send("PATCH", location, content,
                "Content-Type", "application/octet-stream");
        assertThat(patched.statusCode()).isEqualTo(202);
        String next = patched.headers().firstValue("Location").orElseThrow();
        String digest = RegistryClient.sha256(content);
        HttpResponse<byte[]> closed = registry.send("PUT", next + (next.contains("?") ? "&" : "?") + "digest=" + digest,
                null);
        assertThat(closed.statusCode()).isEqualTo(201);
        return digest;
    }

    private static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    /** The value of an untagged (or first) series named exactly {@code name}. */
    private static double value(String metrics, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)").matcher(metrics);
        assertThat(matcher.find()).as("series " + name + " in:\n" + metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
