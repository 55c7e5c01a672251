package dev.berth.registry.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.config.UploadProperties;
import dev.berth.metadata.UploadRow;
import dev.berth.metadata.UploadRows;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.BlobInfo;
import dev.berth.registry.lifecycle.Quotas;
import dev.berth.storage.BlobStore;

/**
 * The blob upload state machine: open a session, append chunks at the current offset, complete it
 * with the digest the client claims, or cancel it; plus the monolithic upload (mounts are
 * {@link BlobMounts}'). Bytes are hashed while they stream into the store; a blob becomes
 * visible (database rows) only after its digest is verified and its bytes are committed.
 * <p>
 * Namespace {@link Quotas} are checked before a byte is written when the request says its length
 * (a monolithic POST, a PATCH or closing PUT with Content-Length), and again when the blob is
 * complete. A refusal ({@code DENIED}) ends the upload session and removes its bytes: nothing
 * partial stays, and the client starts a new upload for a smaller blob.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-blobs">spec: pushing blobs</a>
 */
@Service
public class UploadService {

    /** Sessions always hash with sha256, the algorithm clients use; other algorithms are verified at completion. */
    private static final DigestAlgorithm SESSION_ALGORITHM = DigestAlgorithm.SHA256;

    private final UploadRows uploads;
    private final BlobStore store;
    private final BlobRecorder recorder;
    private final SessionClaims claims;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Quotas quotas;

    UploadService(UploadRows uploads, BlobStore store, BlobRecorder recorder, TransactionTemplate transactions, Clock clock,
                  ApplicationEventPublisher events, Quotas quotas, UploadProperties properties) {
        this.uploads = uploads;
        this.store = store;
        this.recorder = recorder;
        this.claims = new SessionClaims(uploads, transactions, clock, properties.claimTtl());
        this.transactions = transactions;
        this.clock = clock;
        this.events = events;
        this.quotas = quotas;
    }

    /** Opens an upload session in {@code name}. */
    public UploadStatus start(RepositoryName name) {
        String handle = io(store::createUpload);
        UploadId id = UploadId.random();
        byte[] state = ResumableHasher.start().state();
        transactions.executeWithoutResult(status -> uploads.insert(id.value(), name, state, handle, clock.instant()));
        return new UploadStatus(id, 0);
    }

    /**
     * The monolithic upload: the whole blob in one request.
     *
     * @param declaredLength the request's Content-Length, or -1 when it has none
     */
    public BlobInfo upload(RepositoryName name, Digest digest, InputStream body, long declaredLength) {
        Instant started = clock.instant();
        if (declaredLength >= 0) {
            quotas.check(name, digest, declaredLength);
        }
        String handle = io(store::createUpload);
        boolean committed = false;
        try {
            MessageDigest hash = digest.algorithm().newMessageDigest();
            BlobStore.Written written = io(() -> store.write(handle, 0, HashingInputStream.of(body, hash)));
            long size = written.bytes();
            checkDeclaredLength(declaredLength, size);
            Digest actual = Digest.of(digest.algorithm(), hash.digest());
            if (!actual.equals(digest)) {
                throw digestMismatch(digest, actual);
            }
            quotas.check(name, digest, size);
            recorder.reserve(digest, size);
            run(() -> store.commit(written.handle(), size, digest));
            committed = true;
            recorder.link(name, digest, size);
            completed(started, size);
            return new BlobInfo(digest, size);
        } finally {
            if (!committed) {
                quietly(() -> store.abort(handle));
            }
        }
    }

    /**
     * Appends a chunk. {@code rangeStart} (from Content-Range) must be the session's offset when
     * given; the Docker CLI sends none and streams the whole layer in one PATCH.
     */
    public UploadStatus append(RepositoryName name, UploadId id, Long rangeStart, Long rangeEnd, InputStream body,
                               long declaredLength) {
        UploadRow upload = load(name, id);
        if (declaredLength >= 0) {
            checkQuota(upload, name, null, upload.offset() + declaredLength);
        }
        SessionClaims.Claim claim = claims.claim(upload, rangeStart);
        boolean settled = false;
        try {
            Appended appended = writeChunk(upload, claim, rangeStart, rangeEnd, body, declaredLength);
            if (!claims.advance(upload, claim, appended.status().offset(), appended.hasher().state(),
                    appended.handle())) {
                throw unknownUpload(); // cancelled while the chunk streamed in
            }
            settled = true;
            return appended.status();
        } finally {
            if (!settled) {
                claims.release(upload, claim);
            }
        }
    }

    public UploadStatus status(RepositoryName name, UploadId id) {
        return new UploadStatus(id, load(name, id).offset());
    }

    /**
     * Completes the session with {@code digest}, after appending the request's body (the last chunk,
     * possibly empty). A digest that does not match ends the session and stores nothing.
     */
    public BlobInfo complete(RepositoryName name, UploadId id, Digest digest, Long rangeStart, Long rangeEnd,
                             InputStream body, long declaredLength) {
        UploadRow upload = load(name, id);
        boolean lastChunk = !(declaredLength == 0 && (rangeStart == null || rangeStart == upload.offset()));
        if (declaredLength >= 0) {
            checkQuota(upload, name, digest, upload.offset() + declaredLength);
        }
        // Claimed like a chunk: a PATCH racing this PUT must not write into the upload being committed.
        SessionClaims.Claim claim = claims.claim(upload, lastChunk ? rangeStart : null);
        boolean done = false;
        try {
            Appended appended = lastChunk
                    ? writeChunk(upload, claim, rangeStart, rangeEnd, body, declaredLength)
                    : new Appended(new UploadStatus(id, claim.offset()),
                            ResumableHasher.restore(upload.hashState()), upload.storageHandle());
            long size = appended.status().offset();
            Digest actual = digest.algorithm() == SESSION_ALGORITHM
                    ? appended.hasher().current()
                    : rehash(appended.handle(), size, digest.algorithm());
            if (!actual.equals(digest)) {
                discard(upload);
                done = true;
                throw digestMismatch(digest, actual);
            }
            // With a Content-Length the check above saw this very size already.
            if (declaredLength < 0) {
                try {
                    quotas.check(name, digest, size);
                } catch (OciException refused) {
                    discard(upload);
                    done = true;
                    throw refused;
                }
            }
            recorder.reserve(digest, size);
            run(() -> store.commit(appended.handle(), size, digest));
            transactions.executeWithoutResult(status -> {
                recorder.linkInTransaction(name, digest, size);
                uploads.delete(id.value());
            });
            done = true;
            completed(upload.createdAt(), size);
            return new BlobInfo(digest, size);
        } finally {
            if (!done) {
                claims.release(upload, claim);
            }
        }
    }

    /** Cancels the session and removes its bytes. */
    public void cancel(RepositoryName name, UploadId id) {
        discard(load(name, id));
    }

    /** Tells listeners (metrics) that a blob upload that began at {@code started} is stored. */
    private void completed(Instant started, long size) {
        events.publishEvent(new BlobUploadCompleted(started, clock.instant(), size));
    }

    /** Checks the quota for a session's blob of {@code size} bytes; a refusal ends the session. */
    private void checkQuota(UploadRow upload, RepositoryName name, Digest digest, long size) {
        try {
            quotas.check(name, digest, size);
        } catch (OciException refused) {
            discard(upload);
            throw refused;
        }
    }

    /**
     * Streams a chunk into the claimed session at its offset, hashing it on the way. The store's
     * new handle is recorded with the new offset, never before: until then the old one stays valid.
     */
    private Appended writeChunk(UploadRow upload, SessionClaims.Claim claim, Long rangeStart, Long rangeEnd,
                                InputStream body, long declaredLength) {
        ResumableHasher hasher = ResumableHasher.restore(upload.hashState());
        InputStream claimed = claims.renewing(upload, claim, body);
        BlobStore.Written chunk = io(() -> store.write(upload.storageHandle(), claim.offset(),
                new HashingInputStream(claimed, hasher)));
        long written = chunk.bytes();
        checkDeclaredLength(declaredLength, written);
        if (rangeEnd != null && rangeStart != null && rangeEnd - rangeStart + 1 != written) {
            throw new OciException(OciErrorCode.SIZE_INVALID,
                    "Content-Range covers " + (rangeEnd - rangeStart + 1) + " bytes but " + written + " were sent");
        }
        return new Appended(new UploadStatus(new UploadId(upload.id()), claim.offset() + written), hasher,
                chunk.handle());
    }

    private UploadRow load(RepositoryName name, UploadId id) {
        return uploads.find(id.value())
                .filter(upload -> upload.repository().equals(name))
                .orElseThrow(UploadService::unknownUpload);
    }

    private Digest rehash(String handle, long size, DigestAlgorithm algorithm) {
        MessageDigest hash = algorithm.newMessageDigest();
        try (InputStream in = store.readUpload(handle, size)) {
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                hash.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading back upload " + handle, e);
        }
        return Digest.of(algorithm, hash.digest());
    }

    private void discard(UploadRow upload) {
        transactions.executeWithoutResult(status -> uploads.delete(upload.id()));
        quietly(() -> store.abort(upload.storageHandle()));
    }

    private static void checkDeclaredLength(long declaredLength, long received) {
        if (declaredLength >= 0 && declaredLength != received) {
            throw new OciException(OciErrorCode.SIZE_INVALID,
                    "Content-Length is " + declaredLength + " but " + received + " bytes were received");
        }
    }

    private static OciException digestMismatch(Digest claimed, Digest actual) {
        return new OciException(OciErrorCode.DIGEST_INVALID,
                "the content's digest is " + actual + ", not " + claimed + "; nothing was stored");
    }

    static OciException unknownUpload() {
        return new OciException(OciErrorCode.BLOB_UPLOAD_UNKNOWN, "unknown upload session");
    }

    private record Appended(UploadStatus status, ResumableHasher hasher, String handle) {
    }

    interface IoSupplier<T> {
        T get() throws IOException;
    }

    interface IoAction {
        void run() throws IOException;
    }

    static <T> T io(IoSupplier<T> action) {
        try {
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void run(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void quietly(IoAction action) {
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            // Best effort: leftovers are purged with expired uploads.
        }
    }
}
