package dev.berth.storage.s3;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One bucket under one key prefix, as the S3 back-end uses it: layout keys made full object keys,
 * the few reads every operation needs, and S3's failures turned into IOExceptions that say where
 * and what (the registry reports those as a retryable server error).
 */
final class S3Objects {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String location;

    /**
     * @param prefix   key prefix, with or without its trailing slash; empty for none
     * @param location how to name the bucket's place in messages (endpoint and region)
     */
    S3Objects(S3Client s3, String bucket, String prefix, String location) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null || prefix.isEmpty() ? "" : (prefix.endsWith("/") ? prefix : prefix + "/");
        this.location = location;
    }

    S3Client client() {
        return s3;
    }

    String bucket() {
        return bucket;
    }

    /** The object key of a {@code BlobLayout} key. */
    String key(String layoutKey) {
        return prefix + layoutKey;
    }

    /** The layout key of an object key under the prefix. */
    String layoutKey(String objectKey) {
        return objectKey.substring(prefix.length());
    }

    Optional<Long> sizeOf(String key) throws IOException {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)).contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("looking up " + key, e);
        } catch (SdkException e) {
            throw failure("looking up " + key, e);
        }
    }

    /** {@code length} bytes from {@code position}; the caller closes the stream. */
    ResponseInputStream<GetObjectResponse> get(String key, long position, long length) throws IOException {
        String range = "bytes=" + position + "-" + (position + length - 1);
        return call("reading " + key, () -> s3.getObject(b -> b.bucket(bucket).key(key).range(range)));
    }

    void delete(String key, String what) throws IOException {
        call(what, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    <T> T call(String what, Supplier<T> action) throws IOException {
        try {
            return action.get();
        } catch (SdkException e) {
            throw failure(what, e);
        }
    }

    IOException failure(String what, SdkException e) {
        return new IOException("S3 (" + location + "): " + what + " failed: " + e.getMessage(), e);
    }

    /** Whether the bucket is there and ours to use; the message says which setting to fix. */
    void check() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            throw new IOException(missingBucket(), e);
        } catch (S3Exception e) {
            String why = switch (e.statusCode()) {
                case 404 -> missingBucket();
                case 403, 401 -> "access to bucket '" + bucket + "' at " + location + " was denied (HTTP "
                        + e.statusCode() + "): check berth.storage.s3.access-key and secret-key (or the AWS"
                        + " default credentials) and that they may list the bucket";
                case 301, 307, 400 -> "bucket '" + bucket + "' at " + location + " refused the request (HTTP "
                        + e.statusCode() + "): check berth.storage.s3.region and path-style-access";
                default -> "bucket '" + bucket + "' at " + location + " answered HTTP " + e.statusCode();
            };
            throw new IOException(why, e);
        } catch (SdkClientException e) {
            throw new IOException("cannot reach the S3 bucket '" + bucket + "' at " + location + ": "
                    + e.getMessage() + " (check berth.storage.s3.endpoint, region and credentials)", e);
        } catch (SdkException e) {
            throw new IOException("checking bucket '" + bucket + "' at " + location + " failed: " + e.getMessage(), e);
        }
    }

    private String missingBucket() {
        return "bucket '" + bucket + "' does not exist at " + location + "; create it or fix berth.storage.s3.bucket";
    }
}
