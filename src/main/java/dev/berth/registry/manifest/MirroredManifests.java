package dev.berth.registry.manifest;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.metadata.ManifestRows;
import dev.berth.metadata.TagRows;
import dev.berth.oci.Digest;
import dev.berth.oci.Manifest;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.Repositories;

/**
 * Manifests a cache copies from its upstream: stored byte for byte like pushed ones, but checked
 * against the upstream's digest instead of a client's, sparse by nature (blobs and an index's
 * children come later, as clients ask for them), and tagged without role checks (the upstream
 * decides where its tags point).
 */
@Component
public class MirroredManifests {

    private final ManifestRows manifests;
    private final TagRows tags;
    private final Repositories repositories;
    private final TransactionTemplate transactions;
    private final Clock clock;

    MirroredManifests(ManifestRows manifests, TagRows tags, Repositories repositories, TransactionTemplate transactions,
                      Clock clock) {
        this.manifests = manifests;
        this.tags = tags;
        this.repositories = repositories;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Stores a manifest copied from the upstream a repository mirrors, verified against the digest
     * the upstream gave, and points {@code tag} (null: none) at it. A copy is sparse by nature: the
     * blobs and the index's children come later, as clients ask for them.
     */
    public void store(RepositoryName name, Tag tag, Digest expected, String mediaType, byte[] payload) {
        Digest digest = Digest.compute(expected.algorithm(), payload);
        if (!digest.equals(expected)) {
            throw new OciException(OciErrorCode.DIGEST_INVALID, "the upstream's manifest hashes to " + digest
                    + ", not to the " + expected + " it claimed; nothing was cached");
        }
        Manifest manifest = ManifestParser.parse(payload, mediaType);
        Digest subject = manifest.subject() == null ? null : manifest.subject().digest();
        ManifestRows.NewManifest row = new ManifestRows.NewManifest(digest, manifest.mediaType(),
                manifest.effectiveArtifactType(), subject, AnnotationsJson.write(manifest.annotations()), payload);
        transactions.executeWithoutResult(status -> {
            long repositoryId = repositories.ensure(name);
            Instant now = clock.instant();
            manifests.insertIfAbsent(repositoryId, row, now);
            long manifestId = manifests.lockId(repositoryId, digest).orElseGet(() -> {
                manifests.insertIfAbsent(repositoryId, row, now);
                return manifests.lockId(repositoryId, digest).orElseThrow();
            });
            ManifestReferences.record(manifests, manifestId, manifest);
            if (tag != null && tags.insertIfAbsent(repositoryId, tag, manifestId, now) == 0
                    && !tags.manifestIds(repositoryId, tag.value()).contains(manifestId)
                    && tags.update(repositoryId, tag, manifestId, now) == 0) {
                tags.insertIfAbsent(repositoryId, tag, manifestId, now);
            }
        });
    }
}
