package dev.berth.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where blob bytes live.
 *
 * @param type       the back-end: {@code filesystem} or {@code s3}
 * @param filesystem settings of the local-disk back-end
 * @param s3         settings of the S3 back-end
 */
@ConfigurationProperties("berth.storage")
public record StorageProperties(@DefaultValue("filesystem") String type, @DefaultValue Filesystem filesystem,
                                @DefaultValue S3 s3) {

    /** @param root directory holding {@code blobs/} and {@code uploads/}; defaults to {@code berth.data-dir} */
    public record Filesystem(Path root) {
    }

    /**
     * An S3 bucket, on AWS or an S3-compatible store.
     *
     * @param bucket          the bucket (required with {@code type=s3})
     * @param region          the bucket's region; the SDK's default region chain when unset
     * @param endpoint        the S3 API's address, for S3-compatible stores (MinIO, Ceph, Garage, R2)
     * @param pathStyleAccess address the bucket as {@code endpoint/bucket} rather than {@code bucket.endpoint}
     * @param prefix          key prefix inside the bucket, for sharing one bucket
     * @param accessKey       access key id; the SDK's default credentials chain when unset
     * @param secretKey       secret access key, with {@code accessKey}
     * @param redirect        answer blob GETs with a 307 to a presigned URL instead of streaming through Berth
     * @param presignTtl      how long a presigned URL stays valid
     */
    public record S3(String bucket, String region, URI endpoint, @DefaultValue("false") boolean pathStyleAccess,
                     @DefaultValue("") String prefix, String accessKey, String secretKey,
                     @DefaultValue("true") boolean redirect, @DefaultValue("20m") Duration presignTtl) {

        /** Never prints the secret key (settings get logged). */
        @Override
        public String toString() {
            return "S3[bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint + ", pathStyleAccess="
                    + pathStyleAccess + ", prefix=" + prefix + ", accessKey=" + accessKey + ", secretKey="
                    + (secretKey == null ? "null" : "******") + ", redirect=" + redirect + ", presignTtl="
                    + presignTtl + "]";
        }
    }
}
