package dev.berth.storage.s3;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.support.S3MockServer;
import dev.berth.support.StandaloneBerth;

/** Berth with a bucket it cannot use refuses to start, and says why. */
class S3StartupCheckTest {

    @TempDir
    Path dataDir;

    @Test
    void start_missingBucket_failsNamingTheBucket() {
        assertThatThrownBy(() -> start("berth.storage.s3.bucket=no-such-bucket",
                "berth.storage.s3.endpoint=" + S3MockServer.shared().endpoint()).close())
                .hasStackTraceContaining("bucket 'no-such-bucket' does not exist");
    }

    @Test
    void start_endpointNotListening_failsSayingUnreachable() {
        assertThatThrownBy(() -> start("berth.storage.s3.bucket=" + S3MockServer.BUCKET,
                "berth.storage.s3.endpoint=http://127.0.0.1:1").close())
                .hasStackTraceContaining("cannot reach the S3 bucket");
    }

    private StandaloneBerth start(String... s3) {
        String[] properties = new String[s3.length + 4];
        properties[0] = "berth.storage.type=s3";
        properties[1] = "berth.storage.s3.path-style-access=true";
        properties[2] = "berth.storage.s3.access-key=test";
        properties[3] = "berth.storage.s3.secret-key=test";
        System.arraycopy(s3, 0, properties, 4, s3.length);
        return StandaloneBerth.start(dataDir, properties);
    }
}
