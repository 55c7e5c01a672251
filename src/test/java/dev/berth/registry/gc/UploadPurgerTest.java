package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.registry.gc.UploadPurger;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/** Idle upload sessions expire after {@code berth.uploads.expiry}, and their bytes go with them. */
class UploadPurgerTest {

    @TempDir
    Path dataDir;

    @Test
    void purgeExpired_idleSession_removesSessionAndBytes() throws Exception {
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir, "berth.uploads.expiry=200ms",
                "berth.uploads.purge-interval=1h")) {
            RegistryClient client = berth.client();
            HttpResponse<byte[]> session = client.send("POST", "/v2/purge/app/blobs/uploads/", null);
            String location = session.headers().firstValue("Location").orElseThrow();
            client.send("PATCH", location, new byte[4096], "Content-Type", "application/octet-stream");
            assertThat(uploadFiles()).hasSize(1);
            Thread.sleep(1200);

            int purged = berth.bean(UploadPurger.class).purgeExpired();

            assertThat(purged).isEqualTo(1);
            assertThat(client.get(location).statusCode()).isEqualTo(404);
            assertThat(RegistryClient.text(client.get(location))).contains("BLOB_UPLOAD_UNKNOWN");
            assertThat(uploadFiles()).isEmpty();
        }
    }

    @Test
    void purgeExpired_activeSession_isKept() throws Exception {
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir, "berth.uploads.expiry=1h")) {
            RegistryClient client = berth.client();
            String location = client.send("POST", "/v2/purge/app/blobs/uploads/", null)
                    .headers().firstValue("Location").orElseThrow();

            assertThat(berth.bean(UploadPurger.class).purgeExpired()).isZero();
            assertThat(client.get(location).statusCode()).isEqualTo(204);
        }
    }

    private java.util.List<Path> uploadFiles() throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve("uploads"))) {
            return files.toList();
        }
    }
}
