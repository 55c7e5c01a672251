package dev.berth.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import dev.berth.config.StorageProperties;
import dev.berth.storage.BlobLayout;
import dev.berth.storage.BlobStore.Written;
import dev.berth.storage.ByteStore;
import dev.berth.storage.StoredBlob;

/**
 * Blobs in an S3 bucket (AWS or an S3-compatible store). An upload area holds:
 *
 * <pre>
 * uploads/&lt;area&gt;/data           the multipart upload a session streams into
 * uploads/&lt;area&gt;/tail-&lt;uuid&gt;    the last chunk's bytes short of a whole part
 * </pre>
 *
 * Parts are exactly {@link #PART_SIZE} bytes. A chunk fills a part buffer of that size (bounded
 * memory per request, never a whole blob); what is left when the chunk ends is stored as a small
 * tail object, and the next chunk, on whichever replica it arrives, starts by reading that tail
 * back. The upload id, the parts' ETags and the tail travel in the handle the registry keeps in its
 * database ({@link UploadState}); nothing is kept in memory between calls. A tail object is never
 * overwritten, so a handle whose successor the registry never recorded stays valid. Sealing
 * completes the multipart upload (the tail its last part); promoting copies it server-side
 * ({@link ServerSideCopy}).
 */
public final class S3ByteStore implements ByteStore {

    /** Above S3's 5 MiB minimum for every part but the last. */
    static final int PART_SIZE = 8 * 1024 * 1024;

    private static final int INITIAL_BUFFER = 256 * 1024;

    private final S3Objects objects;
    private final S3Presigner presigner;
    private final Duration presignTtl;

    /** @param presigner signs GET URLs for redirects; {@code null} when blobs are streamed through Berth */
    S3ByteStore(S3Objects objects, S3Presigner presigner, Duration presignTtl) {
        this.objects = objects;
        this.presigner = presigner;
        this.presignTtl = presignTtl;
    }

    /** A back-end with its own clients, built from {@code berth.storage.s3.*}; {@link #close} releases them. */
    public static S3ByteStore connect(StorageProperties.S3 settings) {
        return S3Clients.connect(settings);
    }

    @Override
    public void close() {
        objects.client().close();
        if (presigner != null) {
            presigner.close();
        }
    }

    @Override
    public Optional<Long> size(String key) throws IOException {
        return objects.sizeOf(objects.key(key));
    }

    @Override
    public Optional<StoredBlob> open(String key) throws IOException {
        String objectKey = objects.key(key);
        return objects.sizeOf(objectKey).map(size -> new S3Blob(objects, objectKey, size));
    }

    @Override
    public void delete(String key) throws IOException {
        objects.delete(objects.key(key), "deleting " + key);
    }

    @Override
    public String createUpload(String area) throws IOException {
        String uploadId = objects.call("starting an upload", () -> objects.client()
                .createMultipartUpload(b -> b.bucket(objects.bucket()).key(dataKey(area))).uploadId());
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
            try (InputStream tail = readTail(state)) {
                if (tail.readNBytes(part, 0, filled) != filled) {
                    throw new IOException("the tail of upload " + state.area() + " is shorter than recorded");
                }
            } catch (SdkException e) {
                throw objects.failure("reading the tail of upload " + state.area(), e);
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
            objects.call("storing the tail of an upload",
                    () -> objects.client().putObject(b -> b.bucket(objects.bucket()).key(key), body));
        }
        return new Written(new UploadState(state.area(), state.uploadId(), state.partSize(), etags, filled, tail)
                .encode(), written);
    }

    @Override
    public String areaOf(String handle) {
        return UploadState.areaOf(handle);
    }

    /** Seals the upload first, so this ends the session: commit or abort it next. */
    @Override
    public InputStream readUpload(String handle, long length) throws IOException {
        UploadState state = UploadState.parse(handle);
        seal(state);
        return length == 0 ? InputStream.nullInputStream() : objects.get(dataKey(state.area()), 0, length);
    }

    /**
     * Turns the area into one object at its data key: the parts plus the tail as the last part, or,
     * with no whole part, the tail alone. Once that object exists it is kept ({@link Sealed#EARLIER}).
     */
    @Override
    public Sealed seal(String handle, long length) throws IOException {
        UploadState state = UploadState.parse(handle);
        if (length != state.length()) {
            throw new IOException("the upload handle describes " + state.length() + " bytes, not " + length);
        }
        return seal(state);
    }

    private Sealed seal(UploadState state) throws IOException {
        String dataKey = dataKey(state.area());
        Optional<Long> sealed = objects.sizeOf(dataKey);
        if (sealed.isPresent()) {
            if (sealed.get() != state.length()) {
                throw new IOException("upload " + state.area() + " was completed with " + sealed.get()
                        + " bytes, not " + state.length());
            }
            return Sealed.EARLIER;
        }
        if (state.etags().isEmpty()) {
            if (state.tail() == null) {
                objects.call("storing an empty blob", () -> objects.client().putObject(
                        b -> b.bucket(objects.bucket()).key(dataKey), RequestBody.empty()));
            } else {
                // Closed here: an unclosed GET keeps its pooled connection.
                try (InputStream tail = readTail(state)) {
                    RequestBody body = RequestBody.fromInputStream(tail, state.tailLength());
                    objects.call("storing a blob", () -> objects.client().putObject(
                            b -> b.bucket(objects.bucket()).key(dataKey), body));
                }
            }
            return Sealed.AS_WRITTEN;
        }
        List<String> etags = new ArrayList<>(state.etags());
        if (state.tail() != null) {
            try (InputStream tail = readTail(state)) {
                etags.add(uploadPart(state, etags.size() + 1, RequestBody.fromInputStream(tail, state.tailLength())));
            }
        }
        ServerSideCopy.complete(objects, dataKey, state.uploadId(), etags, "completing upload " + state.area());
        return Sealed.AS_WRITTEN;
    }

    @Override
    public void promote(String handle, long length, String key) throws IOException {
        ServerSideCopy.copy(objects, dataKey(UploadState.areaOf(handle)), objects.key(key), length);
    }

    @Override
    public void discard(String area) throws IOException {
        String areaPrefix = areaPrefix(UploadState.areaOf(area));
        List<MultipartUpload> uploads = objects.call("listing the parts of upload " + area, () -> objects.client()
                .listMultipartUploadsPaginator(b -> b.bucket(objects.bucket()).prefix(areaPrefix)).uploads()
                .stream().toList());
        for (MultipartUpload upload : uploads) {
            ServerSideCopy.abortQuietly(objects, upload.key(), upload.uploadId());
        }
        List<String> keys = objects.call("listing upload " + area, () -> objects.client().listObjectsV2Paginator(
                b -> b.bucket(objects.bucket()).prefix(areaPrefix)).contents().stream().map(S3Object::key).toList());
        for (String key : keys) {
            objects.delete(key, "removing upload " + area);
        }
    }

    /**
     * An area's last write is its newest object or part. A monolithic push streams parts for as long
     * as it takes, so a multipart upload's start is not its last write: its parts are listed too.
     */
    @Override
    public List<UploadActivity> uploads() throws IOException {
        String uploads = objects.key(BlobLayout.UPLOADS);
        Map<String, Instant> lastWritten = new HashMap<>();
        List<MultipartUpload> multipart = new ArrayList<>();
        objects.call("listing uploads", () -> {
            for (MultipartUpload upload : objects.client().listMultipartUploadsPaginator(
                    b -> b.bucket(objects.bucket()).prefix(uploads)).uploads()) {
                multipart.add(upload);
                note(lastWritten, upload.key(), upload.initiated());
            }
            for (S3Object object : objects.client().listObjectsV2Paginator(
                    b -> b.bucket(objects.bucket()).prefix(uploads)).contents()) {
                note(lastWritten, object.key(), object.lastModified());
            }
            return null;
        });
        for (MultipartUpload upload : multipart) {
            try {
                objects.call("listing parts", () -> {
                    for (Part part : objects.client().listPartsPaginator(b -> b.bucket(objects.bucket())
                            .key(upload.key()).uploadId(upload.uploadId())).parts()) {
                        note(lastWritten, upload.key(), part.lastModified());
                    }
                    return null;
                });
            } catch (IOException e) {
                if (!(e.getCause() instanceof NoSuchUploadException)) {
                    throw e;
                }
                // Completed or aborted since it was listed: its area goes, or is gone, with it.
            }
        }
        return lastWritten.entrySet().stream().map(e -> new UploadActivity(e.getKey(), e.getValue())).toList();
    }

    @Override
    public Optional<URI> presignedGet(String key) throws IOException {
        if (presigner == null) {
            return Optional.empty();
        }
        String objectKey = objects.key(key);
        var url = objects.call("signing a URL for " + key, () -> presigner.presignGetObject(p -> p
                .signatureDuration(presignTtl).getObjectRequest(g -> g.bucket(objects.bucket()).key(objectKey))).url());
        try {
            return Optional.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException("the presigned URL is not a URI: " + url, e);
        }
    }

    @Override
    public boolean sharedBetweenProcesses() {
        return true;
    }

    @Override
    public void check() throws IOException {
        objects.check();
    }

    private void note(Map<String, Instant> lastWritten, String objectKey, Instant at) {
        String area = BlobLayout.areaOfKey(objects.layoutKey(objectKey));
        if (area != null) {
            lastWritten.merge(area, at, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    private InputStream readTail(UploadState state) throws IOException {
        return objects.get(tailKey(state.area(), state.tail()), 0, state.tailLength());
    }

    private String uploadPart(UploadState state, int number, RequestBody body) throws IOException {
        return UploadState.stripQuotes(objects.call("storing part " + number + " of upload " + state.area(),
                () -> objects.client().uploadPart(b -> b.bucket(objects.bucket()).key(dataKey(state.area()))
                        .uploadId(state.uploadId()).partNumber(number), body).eTag()));
    }

    /** The buffer's first {@code length} bytes, without the copy {@code RequestBody.fromBytes} makes. */
    private static RequestBody bytes(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream");
    }

    private String areaPrefix(String area) {
        return objects.key(BlobLayout.UPLOADS + area + "/");
    }

    private String dataKey(String area) {
        return areaPrefix(area) + "data";
    }

    private String tailKey(String area, String tail) {
        return areaPrefix(area) + "tail-" + tail;
    }
}
