package dev.berth.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.BerthProcess;
import dev.berth.support.Postgres;
import dev.berth.support.RegistryClient;
import dev.berth.support.TestImages;

/**
 * Two Berth processes (the packaged jar, each on its own port) behind one imaginary load balancer:
 * one PostgreSQL schema, one S3 bucket prefix, nothing shared in memory. Whatever one replica
 * starts, the other continues.
 */
class ScaleOutIT {

    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    Path dataA;
    @TempDir
    Path dataB;

    @Test
    void twoReplicas_shareUploadsImagesTokensAndTags() throws Exception {
        String schema = "scale_out_" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "scale-out-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> shared = new ArrayList<>(Postgres.properties(schema));
        shared.addAll(BerthHttpTest.s3Properties(prefix, false));
        try (BerthProcess a = BerthProcess.start(dataA, shared);
             BerthProcess b = BerthProcess.start(dataB, shared)) {
            RegistryClient onA = a.client();
            RegistryClient onB = b.client();

            // An upload started on A, continued on B, completed on A.
            byte[] layer = new byte[3 * 1024 * 1024 + 17];
            new Random(42).nextBytes(layer);
            String digest = RegistryClient.sha256(layer);
            HttpResponse<byte[]> session = onA.send("POST", "/v2/team/app/blobs/uploads/", null);
            assertThat(session.statusCode()).isEqualTo(202);
            String location = session.headers().firstValue("Location").orElseThrow();
            int half = layer.length / 2;
            assertThat(onA.send("PATCH", location, Arrays.copyOfRange(layer, 0, half),
                    "Content-Type", "application/octet-stream",
                    "Content-Range", "0-" + (half - 1)).statusCode()).isEqualTo(202);
            HttpResponse<byte[]> second = onB.send("PATCH", location, Arrays.copyOfRange(layer, half, layer.length),
                    "Content-Type", "application/octet-stream",
                    "Content-Range", half + "-" + (layer.length - 1));
            assertThat(second.statusCode()).isEqualTo(202);
            assertThat(second.headers().firstValue("Range")).hasValue("0-" + (layer.length - 1));
            String close = location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
            assertThat(onA.send("PUT", close, null).statusCode()).isEqualTo(201);

            // An image pushed through A is pulled through B.
            byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
            String configDigest = onA.pushBlob("team/app", config);
            byte[] manifest = TestImages.ociManifest(configDigest, config.length, digest, Integer.toString(layer.length));
            String manifestDigest = onA.putManifest("team/app", "v1", OCI_MANIFEST, manifest);
            HttpResponse<byte[]> pulled = onB.get("/v2/team/app/manifests/v1", "Accept", OCI_MANIFEST);
            assertThat(pulled.statusCode()).isEqualTo(200);
            assertThat(pulled.body()).isEqualTo(manifest);
            assertThat(onB.get("/v2/team/app/blobs/" + digest).body()).isEqualTo(layer);

            // A token issued by A is accepted by B.
            HttpResponse<byte[]> token = onA.get("/token?service=berth&scope=repository:team/app:pull");
            assertThat(token.statusCode()).isEqualTo(200);
            String bearer = JsonMapper.builder().build().readTree(token.body()).path("token").asString();
            assertThat(onB.anonymous().withBearer(bearer).get("/v2/team/app/manifests/v1", "Accept", OCI_MANIFEST)
                    .statusCode()).isEqualTo(200);

            // A tag moved on A is seen on B at once.
            byte[] otherConfig = "{\"architecture\":\"arm64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
            String otherConfigDigest = onA.pushBlob("team/app", otherConfig);
            byte[] other = TestImages.ociManifest(otherConfigDigest, otherConfig.length, digest,
                    Integer.toString(layer.length));
            String otherDigest = onA.putManifest("team/app", "v1", OCI_MANIFEST, other);
            assertThat(otherDigest).isNotEqualTo(manifestDigest);
            assertThat(onB.head("/v2/team/app/manifests/v1", "Accept", OCI_MANIFEST).headers()
                    .firstValue("Docker-Content-Digest")).hasValue(otherDigest);
        }
    }
}
