package dev.berth.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import dev.berth.support.RegistryClient;
import dev.berth.support.S3MockServer;
import dev.berth.support.StandaloneBerth;

/**
 * When S3 fails under a running Berth (here: its bucket is deleted), a push answers a 5xx with an
 * OCI error body, and the database records no blob whose object is missing.
 */
class S3FailureTest {

    @TempDir
    Path dataDir;

    @Test
    void push_bucketGone_answersServerErrorAndRecordsNothing() {
        String bucket = "failing-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client admin = S3Client.builder().endpointOverride(S3MockServer.shared().endpoint())
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {
            admin.createBucket(b -> b.bucket(bucket));
            try (StandaloneBerth berth = StandaloneBerth.start(dataDir, "berth.storage.type=s3",
                    "berth.storage.s3.bucket=" + bucket, "berth.storage.s3.endpoint=" + S3MockServer.shared().endpoint(),
                    "berth.storage.s3.path-style-access=true", "berth.storage.s3.access-key=a",
                    "berth.storage.s3.secret-key=b", "berth.storage.s3.redirect=false")) {
                RegistryClient registry = berth.client();
                registry.pushBlob("app/ok", "before".getBytes(StandardCharsets.UTF_8));

                for (S3Object object : admin.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
                    admin.deleteObject(b -> b.bucket(bucket).key(object.key()));
                }
                admin.deleteBucket(b -> b.bucket(bucket));
                byte[] content = "after".getBytes(StandardCharsets.UTF_8);
                String digest = RegistryClient.sha256(content);
                HttpResponse<byte[]> push = registry.send("POST", "/v2/app/gone/blobs/uploads/?digest=" + digest,
                        content, "Content-Type", "application/octet-stream");

                assertThat(push.statusCode()).isBetween(500, 599);
                assertThat(new String(push.body(), StandardCharsets.UTF_8)).contains("\"code\":\"UNKNOWN\"");
                assertThat(registry.head("/v2/app/gone/blobs/" + digest).statusCode()).isEqualTo(404);
            }
        }
    }
}
