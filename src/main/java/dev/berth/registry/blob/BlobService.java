package dev.berth.registry.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.registry.BlobInfo;
import dev.berth.registry.Repositories;
import dev.berth.metadata.BlobRows;
import dev.berth.oci.Digest;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.storage.BlobStore;
import dev.berth.storage.StoredBlob;

/** Reading and unlinking blobs through a repository: every access checks the repository's link first. */
@Service
public class BlobService {

    private static final Logger log = LoggerFactory.getLogger(BlobService.class);

    private final BlobRows blobs;
    private final Repositories repositories;
    private final BlobStore store;
    private final TransactionTemplate transactions;

    BlobService(BlobRows blobs, Repositories repositories, BlobStore store,
                TransactionTemplate transactions) {
        this.blobs = blobs;
        this.repositories = repositories;
        this.store = store;
        this.transactions = transactions;
    }

    /** The blob as linked in {@code name}; {@code BLOB_UNKNOWN} otherwise. */
    public BlobInfo stat(RepositoryName name, Digest digest) {
        return blobs.linkedSize(name, digest)
                .map(size -> new BlobInfo(digest, size))
                .orElseThrow(() -> unknown(name, digest));
    }

    /** Opens the blob for reading; the caller closes it. */
    public BlobContent open(RepositoryName name, Digest digest) {
        stat(name, digest);
        try {
            Optional<StoredBlob> blob = store.open(digest);
            if (blob.isEmpty()) {
                log.error("blob {} is linked in {} but missing from the blob store", digest, name);
                throw unknown(name, digest);
            }
            return new BlobContent(blob.get());
        } catch (IOException e) {
            throw new UncheckedIOException("reading blob " + digest, e);
        }
    }

    /**
     * A URL of limited lifetime from which a client may fetch the blob directly, when the store
     * offers one (S3 with {@code redirect} on); empty when Berth streams the bytes itself.
     * {@code BLOB_UNKNOWN} unless the blob is linked in {@code name}.
     */
    public Optional<URI> directUrl(RepositoryName name, Digest digest) {
        stat(name, digest);
        try {
            return store.presignedGet(digest);
        } catch (IOException e) {
            throw new UncheckedIOException("signing a URL for blob " + digest, e);
        }
    }

    /** Removes the blob from the repository (the bytes stay while other repositories link them). */
    public void delete(RepositoryName name, Digest digest) {
        transactions.executeWithoutResult(status -> {
            long repositoryId = repositories.find(name).orElseThrow(() -> unknown(name, digest));
            if (blobs.unlink(repositoryId, digest) == 0) {
                throw unknown(name, digest);
            }
        });
    }

    private static OciException unknown(RepositoryName name, Digest digest) {
        return new OciException(OciErrorCode.BLOB_UNKNOWN, "blob " + digest + " is not in repository " + name);
    }
}
