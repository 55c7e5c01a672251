package dev.berth.registry.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.registry.BlobInfo;
import dev.berth.registry.Repositories;
import dev.berth.registry.lifecycle.Quotas;
import dev.berth.metadata.BlobRows;
import dev.berth.metadata.UploadRow;
import dev.berth.metadata.UploadRows;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.UploadRangeException;
import dev.berth.storage.BlobStore;

/**
 * The blob upload state machine: open a session, append chunks at the current offset, complete it
 * with the digest the client claims, or cancel it; plus the monolithic upload and the
 * cross-repository mount. Bytes are hashed while they stream into the store; a blob becomes
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
    /** Bounds the lookup of a mount without {@code from}; a base layer may be linked everywhere. */
    private static final int MOUNT_SOURCES_CONSIDERED = 100;

    private final UploadRows uploads;
    private final BlobRows blobs;
    private final Repositories repositories;
    private final BlobStore store;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Quotas quotas;

    UploadService(UploadRows uploads, BlobRows blobs, Repositories repositories,
                  BlobStore store, TransactionTemplate transactions, Clock clock, ApplicationEventPublisher events,
                  Quotas quotas) {
        this.quotas = quotas;
        this.uploads = uploads;
        this.blobs = blobs;
        this.repositories = repositories;
        this.store = store;
        this.transactions = transactions;
        this.clock = clock;
        this.events = events;
    }

    /** Opens an upload session in {@code name}. */
    public UploadStatus start(RepositoryName name) {
        String handle = io(store::createUpload);
        UploadId id = UploadId.random();
        byte[] state = ResumableHasher.start().state();
        transactions.executeWithoutResult(status ->
                uploads.insert(id.value(), name.value(), state, handle, clock.instant()));
        return new UploadStatus(id, 0);
    }

    /**
     * Links {@code digest} into {@code name} when {@code from} has it; empty when it does not (the
     * caller then opens a normal session, revealing nothing about {@code from}).
     */
    public Optional<BlobInfo> mount(RepositoryName name, Digest digest, RepositoryName from) {
        Optional<Long> size = blobs.linkedSize(from, digest);
        if (size.isEmpty()) {
            return Optional.empty();
        }
        return transactions.execute(status -> {
            // Re-checked inside the transaction: the link in 'from' may have gone meanwhile.
            if (blobs.linkedSize(from, digest).isEmpty()) {
                return Optional.empty();
            }
            // Waits for a collector deleting this blob; if it did, there is nothing to mount.
            if (!blobs.lock(digest)) {
                return Optional.empty();
            }
            quotas.check(name, digest, size.get());
            blobs.link(repositories.ensure(name), digest, clock.instant());
            return Optional.of(new BlobInfo(digest, size.get()));
        });
    }

    /**
     * A mount without {@code from}, which the spec lets a registry resolve itself: links {@code digest}
     * from the first repository holding it that {@code readable} accepts. Empty when none of the
     * first {@value #MOUNT_SOURCES_CONSIDERED} holders is readable; the client then uploads as usual.
     */
    public Optional<BlobInfo> mountFromAnyReadable(RepositoryName name, Digest digest,
                                                   Predicate<RepositoryName> readable) {
        for (RepositoryName source : blobs.linkingRepositories(digest, MOUNT_SOURCES_CONSIDERED)) {
            if (readable.test(source)) {
                Optional<BlobInfo> mounted = mount(name, digest, source);
                if (mounted.isPresent()) {
                    return mounted;
                }
            }
        }
        return Optional.empty();
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
            reserve(digest, size);
            run(() -> store.commit(written.handle(), size, digest));
            committed = true;
            record(name, digest, size);
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
        if (declaredLength >= 0 && upload.offset() >= 0) {
            checkQuota(upload, name, null, upload.offset() + declaredLength);
        }
        return appendTo(upload, rangeStart, rangeEnd, body, declaredLength).status();
    }

    public UploadStatus status(RepositoryName name, UploadId id) {
        UploadRow upload = load(name, id);
        return new UploadStatus(id, committedOffset(upload.offset()));
    }

    /**
     * Completes the session with {@code digest}, after appending the request's body (the last chunk,
     * possibly empty). A digest that does not match ends the session and stores nothing.
     */
    public BlobInfo complete(RepositoryName name, UploadId id, Digest digest, Long rangeStart, Long rangeEnd,
                             InputStream body, long declaredLength) {
        UploadRow upload = load(name, id);
        boolean lastChunk = !(declaredLength == 0 && (rangeStart == null || rangeStart == upload.offset()));
        if (declaredLength >= 0 && upload.offset() >= 0) {
            checkQuota(upload, name, digest, upload.offset() + declaredLength);
        }
        // Claimed like a chunk: a PATCH racing this PUT must not write into the file being committed.
        long offset = claim(upload, lastChunk ? rangeStart : null);
        boolean done = false;
        try {
            Appended appended = lastChunk
                    ? writeChunk(upload, offset, rangeStart, rangeEnd, body, declaredLength)
                    : new Appended(new UploadStatus(id, offset),
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
            reserve(digest, size);
            run(() -> store.commit(appended.handle(), size, digest));
            transactions.executeWithoutResult(status -> {
                recordInTransaction(name, digest, size);
                uploads.delete(id.value());
            });
            done = true;
            completed(upload.createdAt(), size);
            return new BlobInfo(digest, size);
        } finally {
            if (!done) {
                release(upload, offset);
            }
        }
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

    /** Cancels the session and removes its bytes. */
    public void cancel(RepositoryName name, UploadId id) {
        discard(load(name, id));
    }

    private Appended appendTo(UploadRow upload, Long rangeStart, Long rangeEnd, InputStream body,
                              long declaredLength) {
        long offset = claim(upload, rangeStart);
        boolean settled = false;
        try {
            Appended appended = writeChunk(upload, offset, rangeStart, rangeEnd, body, declaredLength);
            Integer advanced = transactions.execute(status -> uploads.advance(upload.id(), claimMarker(offset),
                    appended.status().offset(), appended.hasher().state(), appended.handle(), clock.instant()));
            if (advanced == null || advanced == 0) {
                throw unknownUpload(); // cancelled while the chunk streamed in
            }
            settled = true;
            return appended;
        } finally {
            if (!settled) {
                release(upload, offset);
            }
        }
    }

    /**
     * Makes this request the session's only writer until it settles or releases: the offset column
     * holds {@code -(offset + 1)} meanwhile, so a concurrent chunk (a client retrying one still
     * streaming) or a concurrent completion gets 416 before it writes a byte. Without this the loser
     * kept writing into the file after the winner had advanced, and the blob committed under the
     * winner's digest held the loser's bytes. Returns the offset the chunk starts at.
     */
    private long claim(UploadRow upload, Long rangeStart) {
        long offset = upload.offset();
        if (offset < 0) {
            throw busy(committedOffset(offset));
        }
        if (rangeStart != null && rangeStart != offset) {
            throw new UploadRangeException(offset,
                    "chunk starts at " + rangeStart + " but the upload stands at " + offset);
        }
        Integer claimed = transactions.execute(status -> uploads.advance(upload.id(), offset, claimMarker(offset),
                upload.hashState(), upload.storageHandle(), clock.instant()));
        if (claimed == null || claimed == 0) {
            long current = uploads.find(upload.id()).map(UploadRow::offset)
                    .orElseThrow(UploadService::unknownUpload);
            throw busy(committedOffset(current));
        }
        return offset;
    }

    /** Gives the claim back with the session unchanged (the chunk failed); a no-op when the session is gone. */
    private void release(UploadRow upload, long offset) {
        transactions.executeWithoutResult(status -> uploads.advance(upload.id(), claimMarker(offset), offset,
                upload.hashState(), upload.storageHandle(), clock.instant()));
    }

    /**
     * Streams a chunk into the claimed session at {@code offset}, hashing it on the way. The store's
     * new handle is recorded with the new offset, never before: until then the old one stays valid.
     */
    private Appended writeChunk(UploadRow upload, long offset, Long rangeStart, Long rangeEnd, InputStream body,
                                long declaredLength) {
        ResumableHasher hasher = ResumableHasher.restore(upload.hashState());
        BlobStore.Written chunk = io(() -> store.write(upload.storageHandle(), offset,
                new HashingInputStream(body, hasher)));
        long written = chunk.bytes();
        checkDeclaredLength(declaredLength, written);
        if (rangeEnd != null && rangeStart != null && rangeEnd - rangeStart + 1 != written) {
            throw new OciException(OciErrorCode.SIZE_INVALID,
                    "Content-Range covers " + (rangeEnd - rangeStart + 1) + " bytes but " + written + " were sent");
        }
        return new Appended(new UploadStatus(new UploadId(upload.id()), offset + written), hasher, chunk.handle());
    }

    private static long claimMarker(long offset) {
        return -(offset + 1);
    }

    /** The bytes a session holds, whether or not a writer has it claimed. */
    private static long committedOffset(long stored) {
        return stored < 0 ? -(stored + 1) : stored;
    }

    private static UploadRangeException busy(long offset) {
        return new UploadRangeException(offset, "another request is writing to this upload");
    }

    private UploadRow load(RepositoryName name, UploadId id) {
        return uploads.find(id.value())
                .filter(upload -> upload.repositoryName().equals(name.value()))
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

    /**
     * Touches the blob's row (creating it when new) before its bytes are written: a garbage
     * collection deleting the same digest finishes first, and one starting later sees a fresh blob
     * and leaves it alone. A row without bytes (a crash before the write) is invisible (no
     * repository links it) and collected later.
     */
    private void reserve(Digest digest, long size) {
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            if (blobs.touch(digest, now) == 0 && blobs.insertIfAbsent(digest, size, now) == 0) {
                blobs.touch(digest, now);
            }
        });
    }

    private void record(RepositoryName name, Digest digest, long size) {
        transactions.executeWithoutResult(status -> recordInTransaction(name, digest, size));
    }

    private void recordInTransaction(RepositoryName name, Digest digest, long size) {
        if (!blobs.lock(digest)) {
            // A garbage collection removed the row reserve() made (a grace period shorter than this
            // upload): the bytes went with it unless they were written after. Link only what exists.
            if (io(() -> store.size(digest)).isEmpty()) {
                throw new OciException(OciErrorCode.BLOB_UPLOAD_INVALID,
                        "the blob was garbage collected while it was being stored; push it again");
            }
            blobs.insertIfAbsent(digest, size, clock.instant());
        }
        blobs.link(repositories.ensure(name), digest, clock.instant());
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

    private static OciException unknownUpload() {
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
