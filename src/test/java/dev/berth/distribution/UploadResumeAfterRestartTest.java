package dev.berth.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/** An upload begun, the server restarted, the upload resumed from the offset GET reports, and completed. */
class UploadResumeAfterRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void patch_afterRestart_resumesFromPersistedOffsetAndHashState() {
        byte[] blob = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(blob);
        int firstPart = 2 * 1024 * 1024 + 5;
        String location;

        try (StandaloneBerth berth = StandaloneBerth.start(dataDir)) {
            RegistryClient client = berth.client();
            HttpResponse<byte[]> session = client.send("POST", "/v2/resume/app/blobs/uploads/", null);
            assertThat(session.statusCode()).isEqualTo(202);
            location = session.headers().firstValue("Location").orElseThrow();
            HttpResponse<byte[]> patched = client.send("PATCH", location, Arrays.copyOfRange(blob, 0, firstPart),
                    "Content-Type", "application/octet-stream", "Content-Range", "0-" + (firstPart - 1));
            assertThat(patched.statusCode()).isEqualTo(202);
        }

        try (StandaloneBerth berth = StandaloneBerth.start(dataDir)) {
            RegistryClient client = berth.client();
            HttpResponse<byte[]> status = client.get(location);
            assertThat(status.statusCode()).isEqualTo(204);
            assertThat(status.headers().firstValue("Range")).hasValue("0-" + (firstPart - 1));

            HttpResponse<byte[]> rest = client.send("PATCH", location, Arrays.copyOfRange(blob, firstPart, blob.length),
                    "Content-Type", "application/octet-stream",
                    "Content-Range", firstPart + "-" + (blob.length - 1));
            assertThat(rest.statusCode()).isEqualTo(202);
            String digest = RegistryClient.sha256(blob);
            HttpResponse<byte[]> done = client.send("PUT", location + "?digest=" + digest, null);
            assertThat(done.statusCode()).isEqualTo(201);

            HttpResponse<byte[]> pulled = client.get("/v2/resume/app/blobs/" + digest);
            assertThat(pulled.statusCode()).isEqualTo(200);
            assertThat(RegistryClient.sha256(pulled.body())).isEqualTo(digest);
        }
    }

    @Test
    void patch_afterProcessDiedMidChunk_resumesFromLastCompleteChunk() {
        // Only a store no other process writes lets a starting Berth release every claim
        // (UploadClaimRecovery); with a shared store (S3) a dead writer's claim lasts until expiry.
        assumeFalse(BerthHttpTest.onS3(), "claims are released at start-up only with a single-process store");
        byte[] blob = new byte[300_000];
        new Random(7).nextBytes(blob);
        String location;

        try (StandaloneBerth berth = StandaloneBerth.start(dataDir)) {
            RegistryClient client = berth.client();
            location = client.send("POST", "/v2/resume/crash/blobs/uploads/", null)
                    .headers().firstValue("Location").orElseThrow();
            assertThat(client.send("PATCH", location, Arrays.copyOfRange(blob, 0, 100_000),
                    "Content-Type", "application/octet-stream").statusCode()).isEqualTo(202);
            // What a kill mid-chunk leaves: the session claimed by a writer that no longer exists.
            String id = location.substring(location.lastIndexOf('/') + 1);
            berth.bean(JdbcTemplate.class).update(
                    "UPDATE upload SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                    UUID.randomUUID().toString(), Timestamp.from(Instant.now().plus(Duration.ofHours(1))), id);
        }

        try (StandaloneBerth berth = StandaloneBerth.start(dataDir)) {
            RegistryClient client = berth.client();
            assertThat(client.get(location).headers().firstValue("Range")).hasValue("0-99999");
            assertThat(client.send("PATCH", location, Arrays.copyOfRange(blob, 100_000, blob.length),
                    "Content-Type", "application/octet-stream", "Content-Range", "100000-299999").statusCode())
                    .isEqualTo(202);
            String digest = RegistryClient.sha256(blob);
            assertThat(client.send("PUT", location + "?digest=" + digest, null).statusCode()).isEqualTo(201);
            assertThat(RegistryClient.sha256(client.get("/v2/resume/crash/blobs/" + digest).body())).isEqualTo(digest);
        }
    }
}
