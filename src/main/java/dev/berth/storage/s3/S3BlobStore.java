package dev.berth.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import dev.berth.config.StorageProperties;
import dev.berth.oci.Digest;
import dev.berth.storage.BlobStore;
import dev.berth.storage.StoredBlob;

/**
 * Blobs in an S3 bucket (AWS or an S3-compatible store).
 *
 * <pre>
 * &lt;prefix&gt;blobs/sha256/ab/abcdef...        one object per blob, named by its digest
 * &lt;prefix&gt;uploads/&lt;area&gt;/data             the multipart upload a session streams into
 * &lt;prefix&gt;uploads/&lt;area&gt;/tail-&lt;uuid&gt;      the last chunk's bytes short of a whole part
 * </pre>
 *
 * An upload is an S3 multipart upload of parts of exactly {@link #PART_SIZE} bytes. A chunk fills a
 * part buffer of that size (bounded memory per request, never a whole blob); what is left when the
 * chunk ends is stored as a small tail object, and the next chunk, on whichever replica it arrives,
 * starts by reading that tail back. The upload id, the parts' ETags and the tail are written into
 * the handle the registry keeps in its database ({@link UploadState}); this store keeps nothing in
 * memory between calls. A tail object is never overwritten (each write makes a new one), so a
 * handle whose successor the registry never recorded stays valid.
 *
 * <p>Commit completes the multipart upload (the tail becomes its last part), copies the object to
 * its content address server-side, and removes the upload area.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

    /** Above S3's 5 MiB minimum for every part but the last. */
    static final int PART_SIZE = 8 * 1024 * 1024;

    /** The largest object one CopyObject may copy; bigger ones are copied part by part. */
    private static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;

    private static final long COPY_PART_SIZE = 1024L * 1024 * 1024;

    private static final int READ_BUFFER = 256 * 1024;

    private static final int INITIAL_BUFFER = 256 * 1024;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final String prefix;
    private final Duration presignTtl;
    private final String location;

    /**
     * @param presigner  signs GET URLs for redirects; {@code null} when blobs are streamed through Berth
     * @param prefix     key prefix, with or without its trailing slash; empty for none
     * @param location   how to name the bucket's place in messages (endpoint and bucket)
     */
    public S3BlobStore(S3Client s3, S3Presigner presigner, String bucket, String prefix, Duration presignTtl,
                       String location) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.prefix = prefix == null || prefix.isEmpty() ? "" : (prefix.endsWith("/") ? prefix : prefix + "/");
        this.presignTtl = presignTtl;
        this.location = location;
    }

    /** A store with its own clients, built from {@code berth.storage.s3.*}; {@link #close} releases them. */
    public static S3BlobStore connect(StorageProperties.S3 settings) {
        if (settings.bucket() == null || settings.bucket().isBlank()) {
            throw new IllegalStateException("berth.storage.type=s3 needs berth.storage.s3.bucket");
        }
        Region region = settings.region() != null ? Region.of(settings.region())
                // S3-compatible stores rarely care, and the SDK's region chain fails outside AWS.
                : settings.endpoint() != null ? Region.US_EAST_1 : null;
        AwsCredentialsProvider credentials = settings.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder client = S3Client.builder().credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyleAccess());
        S3Presigner.Builder presigner = S3Presigner.builder().credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyleAccess())
                        .build());
        if (region != null) {
            client.region(region);
            presigner.region(region);
        }
        if (settings.endpoint() != null) {
            client.endpointOverride(settings.endpoint());
            presigner.endpointOverride(settings.endpoint());
        }
        String location = (settings.endpoint() != null ? settings.endpoint().toString() : "AWS S3")
                + (region != null ? " (region " + region.id() + ")" : "");
        return new S3BlobStore(client.build(), settings.redirect() ? presigner.build() : null, settings.bucket(),
                settings.prefix(), settings.presignTtl(), location);
    }

    @Override
    public void close() {
        s3.close();
        if (presigner != null) {
            presigner.close();
        }
    }

    @Override
    public Optional<Long> size(Digest digest) throws IOException {
        return sizeOf(blobKey(digest));
    }

    @Override
    public Optional<StoredBlob> open(Digest digest) throws IOException {
        String key = blobKey(digest);
        return sizeOf(key).map(size -> new S3Blob(key, size));
    }

    @Override
    public void delete(Digest digest) throws IOException {
        call("deleting " + digest, () -> s3.deleteObject(b -> b.bucket(bucket).key(blobKey(digest))));
    }

    @Override
    public String createUpload() throws IOException {
        String area = UUID.randomUUID().toString();
        String uploadId = call("starting an upload",
                () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(dataKey(area))).uploadId());
        return UploadState.start(area, uploadId, PART_SIZE).encode();
    }

    @Override
    public Written write(String handle, long offset, InputStream data) throws IOException {
        UploadState state = UploadState.parse(handle);
        if (offset != state.length()) {
            throw new IOException("the upload handle describes " + state.length() + " bytes, not offset " + offset);
        }
        // Grown on demand up to one part: a small chunk (a config blob, a manifest's layer) costs little.
        byte[] part = new byte[Math.max(state.tailLength(), Math.min(INITIAL_BUFFER, state.partSize()))];
        int filled = 0;
        if (state.tail() != null) {
            filled = state.tailLength();
            try (InputStream tail = getObject(tailKey(state.area(), state.tail()), 0, filled)) {
                if (tail.readNBytes(part, 0, filled) != filled) {
                    throw new IOException("the tail of upload " + state.area() + " is shorter than recorded");
                }
            } catch (SdkException e) {
                throw failure("reading the tail of upload " + state.area(), e);
            }
        }
        List<String> etags = new ArrayList<>(state.etags());
        long written = 0;
        int n;
        while (true) {
            if (filled == part.length) {
                part = Arrays.copyOf(part, (int) Math.min((long) part.length * 2, state.partSize()));
            }
            if ((n = data.read(part, filled, part.length - filled)) == -1) {
                break;
            }
            filled += n;
            written += n;
            if (filled == state.partSize()) {
                etags.add(uploadPart(state, etags.size() + 1, bytes(part, filled)));
                filled = 0;
            }
        }
        String tail = null;
        if (filled > 0) {
            tail = UUID.randomUUID().toString();
            String key = tailKey(state.area(), tail);
            RequestBody body = bytes(part, filled);
            call("storing the tail of an upload", () -> s3.putObject(b -> b.bucket(bucket).key(key), body));
        }
        return new Written(new UploadState(state.area(), state.uploadId(), state.partSize(), etags, filled, tail)
                .encode(), written);
    }

    @Override
    public String uploadArea(String handle) {
        return UploadState.areaOf(handle);
    }

    /** Completes the upload (see {@link #seal}), so this ends the session: commit or abort it next. */
    @Override
    public InputStream readUpload(String handle, long length) throws IOException {
        UploadState state = UploadState.parse(handle);
        seal(state);
        return length == 0 ? InputStream.nullInputStream() : getObject(dataKey(state.area()), 0, length);
    }

    @Override
    public void commit(String handle, long length, Digest digest) throws IOException {
        UploadState state = UploadState.parse(handle);
        if (length != state.length()) {
            throw new IOException("the upload handle describes " + state.length() + " bytes, not " + length);
        }
        String target = blobKey(digest);
        if (sizeOf(target).isEmpty()) {
            if (!seal(state)) {
                // Completed earlier: by readUpload, or by a commit that died before its copy and whose
                // session was then continued with other bytes. Only bytes that match may be copied.
                verify(dataKey(state.area()), length, digest);
            }
            copy(dataKey(state.area()), target, length);
        }
        // Same content either way (the digest was verified): a concurrent commit's copy is harmless.
        abort(handle);
    }

    @Override
    public void abort(String handle) throws IOException {
        String area = UploadState.areaOf(handle);
        String areaPrefix = areaPrefix(area);
        List<String> uploadIds = new ArrayList<>();
        call("listing the parts of upload " + area, () -> uploadIds.addAll(s3.listMultipartUploadsPaginator(
                b -> b.bucket(bucket).prefix(areaPrefix)).uploads().stream().map(MultipartUpload::uploadId).toList()));
        for (String uploadId : uploadIds) {
            try {
                call("aborting upload " + area, () -> s3.abortMultipartUpload(
                        b -> b.bucket(bucket).key(dataKey(area)).uploadId(uploadId)));
            } catch (IOException e) {
                if (!(e.getCause() instanceof NoSuchUploadException)) {
                    throw e;
                }
            }
        }
        List<String> keys = new ArrayList<>();
        call("listing upload " + area, () -> keys.addAll(s3.listObjectsV2Paginator(
                b -> b.bucket(bucket).prefix(areaPrefix)).contents().stream().map(S3Object::key).toList()));
        for (String key : keys) {
            call("removing upload " + area, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
        }
    }

    @Override
    public boolean sharedBetweenProcesses() {
        return true;
    }

    @Override
    public List<String> uploadsOlderThan(Instant cutoff) throws IOException {
        String uploads = prefix + "uploads/";
        Map<String, Instant> lastWritten = new HashMap<>();
        Map<String, MultipartUpload> multipart = new HashMap<>();
        call("listing uploads", () -> {
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(uploads))
                    .uploads()) {
                String area = areaOfKey(uploads, upload.key());
                if (area != null) {
                    lastWritten.merge(area, upload.initiated(), S3BlobStore::later);
                    multipart.put(area, upload);
                }
            }
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(uploads)).contents()) {
                String area = areaOfKey(uploads, object.key());
                if (area != null) {
                    lastWritten.merge(area, object.lastModified(), S3BlobStore::later);
                }
            }
            return null;
        });
        List<String> result = new ArrayList<>();
        for (Map.Entry<String, Instant> entry : lastWritten.entrySet()) {
            Instant last = entry.getValue();
            MultipartUpload upload = multipart.get(entry.getKey());
            if (last.isBefore(cutoff) && upload != null) {
                // A monolithic push streams parts for as long as it takes; its start time is not its last write.
                last = later(last, lastPartWritten(upload).orElse(last));
            }
            if (last.isBefore(cutoff)) {
                result.add(entry.getKey());
            }
        }
        return result;
    }

    @Override
    public Optional<URI> presignedGet(Digest digest) throws IOException {
        if (presigner == null) {
            return Optional.empty();
        }
        String key = blobKey(digest);
        var url = call("signing a URL for " + digest, () -> presigner.presignGetObject(p -> p
                .signatureDuration(presignTtl).getObjectRequest(g -> g.bucket(bucket).key(key))).url());
        try {
            return Optional.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException("the presigned URL is not a URI: " + url, e);
        }
    }

    @Override
    public void check() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            throw new IOException("bucket '" + bucket + "' does not exist at " + location
                    + "; create it or fix berth.storage.s3.bucket", e);
        } catch (S3Exception e) {
            String why = switch (e.statusCode()) {
                case 404 -> "bucket '" + bucket + "' does not exist at " + location
                        + "; create it or fix berth.storage.s3.bucket";
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

    /**
     * Turns the upload area into one complete object at its data key: the parts plus the tail as the
     * last part, or, with no whole part, the tail alone. Idempotent: once the object exists it is
     * kept, and this returns false.
     */
    private boolean seal(UploadState state) throws IOException {
        String dataKey = dataKey(state.area());
        Optional<Long> sealed = sizeOf(dataKey);
        if (sealed.isPresent()) {
            if (sealed.get() != state.length()) {
                throw new IOException("upload " + state.area() + " was completed with " + sealed.get()
                        + " bytes, not " + state.length());
            }
            return false;
        }
        if (state.etags().isEmpty()) {
            if (state.tail() == null) {
                call("storing an empty blob", () -> s3.putObject(b -> b.bucket(bucket).key(dataKey),
                        RequestBody.empty()));
            } else {
                try (InputStream tail = getObject(tailKey(state.area(), state.tail()), 0, state.tailLength())) {
                    call("storing a blob", () -> s3.putObject(b -> b.bucket(bucket).key(dataKey),
                            RequestBody.fromInputStream(tail, state.tailLength())));
                }
            }
            return true;
        }
        List<String> etags = new ArrayList<>(state.etags());
        if (state.tail() != null) {
            try (InputStream tail = getObject(tailKey(state.area(), state.tail()), 0, state.tailLength())) {
                etags.add(uploadPart(state, etags.size() + 1, RequestBody.fromInputStream(tail, state.tailLength())));
            }
        }
        List<CompletedPart> parts = new ArrayList<>();
        for (int i = 0; i < etags.size(); i++) {
            parts.add(CompletedPart.builder().partNumber(i + 1).eTag(etags.get(i)).build());
        }
        call("completing upload " + state.area(), () -> s3.completeMultipartUpload(b -> b.bucket(bucket)
                .key(dataKey).uploadId(state.uploadId()).multipartUpload(m -> m.parts(parts))));
        return true;
    }

    /** Reads the object back and checks it is {@code digest}; the rare path, so its cost is acceptable. */
    private void verify(String key, long length, Digest digest) throws IOException {
        MessageDigest hash = digest.algorithm().newMessageDigest();
        if (length > 0) {
            try (InputStream in = getObject(key, 0, length)) {
                byte[] buffer = new byte[READ_BUFFER];
                int n;
                while ((n = in.read(buffer)) != -1) {
                    hash.update(buffer, 0, n);
                }
            } catch (SdkException e) {
                throw failure("reading back " + key, e);
            }
        }
        Digest actual = Digest.of(digest.algorithm(), hash.digest());
        if (!actual.equals(digest)) {
            throw new IOException("upload area " + key + " holds " + actual + ", not " + digest
                    + "; the upload cannot be completed and must be started again");
        }
    }

    /** Server-side copy; objects over 5 GiB, which CopyObject refuses, part by part. */
    private void copy(String source, String target, long length) throws IOException {
        if (length <= MAX_SINGLE_COPY) {
            call("copying an upload to its content address", () -> s3.copyObject(b -> b.sourceBucket(bucket)
                    .sourceKey(source).destinationBucket(bucket).destinationKey(target)));
            return;
        }
        String uploadId = call("starting a copy", () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(target))
                .uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long partSize = Math.max(COPY_PART_SIZE, (length + 9_999) / 10_000);
            for (long position = 0; position < length; position += partSize) {
                int number = parts.size() + 1;
                String range = "bytes=" + position + "-" + (Math.min(position + partSize, length) - 1);
                String etag = call("copying part " + number, () -> s3.uploadPartCopy(b -> b.sourceBucket(bucket)
                        .sourceKey(source).destinationBucket(bucket).destinationKey(target).uploadId(uploadId)
                        .partNumber(number).copySourceRange(range)).copyPartResult().eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            call("completing a copy", () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(target)
                    .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(target).uploadId(uploadId));
            } catch (SdkException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private String uploadPart(UploadState state, int number, RequestBody body) throws IOException {
        return UploadState.stripQuotes(call("storing part " + number + " of upload " + state.area(),
                () -> s3.uploadPart(b -> b.bucket(bucket).key(dataKey(state.area())).uploadId(state.uploadId())
                        .partNumber(number), body).eTag()));
    }

    /** The buffer's first {@code length} bytes, without the copy {@code RequestBody.fromBytes} makes. */
    private static RequestBody bytes(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream");
    }

    private Optional<Instant> lastPartWritten(MultipartUpload upload) throws IOException {
        return call("listing parts", () -> s3.listPartsPaginator(b -> b.bucket(bucket).key(upload.key())
                        .uploadId(upload.uploadId())).parts().stream().map(Part::lastModified)
                .max(Instant::compareTo));
    }

    private Optional<Long> sizeOf(String key) throws IOException {
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
    private ResponseInputStream<GetObjectResponse> getObject(String key, long position, long length)
            throws IOException {
        String range = "bytes=" + position + "-" + (position + length - 1);
        return call("reading " + key, () -> s3.getObject(b -> b.bucket(bucket).key(key).range(range)));
    }

    private <T> T call(String what, Supplier<T> action) throws IOException {
        try {
            return action.get();
        } catch (SdkException e) {
            throw failure(what, e);
        }
    }

    /** S3 failures become IOExceptions, which the registry reports as a retryable server error. */
    private IOException failure(String what, SdkException e) {
        return new IOException("S3 (" + location + "): " + what + " failed: " + e.getMessage(), e);
    }

    private String blobKey(Digest digest) {
        return prefix + "blobs/" + digest.algorithm().prefix() + "/" + digest.hex().substring(0, 2) + "/"
                + digest.hex();
    }

    private String areaPrefix(String area) {
        return prefix + "uploads/" + area + "/";
    }

    private String dataKey(String area) {
        return areaPrefix(area) + "data";
    }

    private String tailKey(String area, String tail) {
        return areaPrefix(area) + "tail-" + tail;
    }

    private static String areaOfKey(String uploadsPrefix, String key) {
        if (!key.startsWith(uploadsPrefix)) {
            return null;
        }
        String rest = key.substring(uploadsPrefix.length());
        int slash = rest.indexOf('/');
        return slash == 36 ? rest.substring(0, slash) : null;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** A stored blob read by ranged GETs, one per transfer. */
    private final class S3Blob implements StoredBlob {

        private final String key;
        private final long size;

        S3Blob(String key, long size) {
            this.key = key;
            this.size = size;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void transferTo(long position, long count, WritableByteChannel target) throws IOException {
            if (count <= 0) {
                return;
            }
            ResponseInputStream<GetObjectResponse> in = getObject(key, position, count);
            boolean complete = false;
            try {
                byte[] buffer = new byte[READ_BUFFER];
                long remaining = count;
                while (remaining > 0) {
                    int n;
                    try {
                        n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                    } catch (SdkException e) {
                        throw failure("reading " + key, e);
                    }
                    if (n < 0) {
                        throw new IOException("short read from S3 object " + key);
                    }
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        target.write(chunk);
                    }
                    remaining -= n;
                }
                complete = true;
            } finally {
                if (!complete) {
                    // Do not drain the rest of a large response into a dead connection just to reuse it.
                    in.abort();
                }
                in.close();
            }
        }

        @Override
        public void close() {
            // Each transfer opens and closes its own request.
        }
    }
}
