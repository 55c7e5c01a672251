package dev.berth.registry.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.config.DistributionProperties;
import dev.berth.events.EventOutbox;
import dev.berth.events.EventType;
import dev.berth.events.RegistryEvent;
import dev.berth.metadata.BlobRows;
import dev.berth.metadata.ManifestRows;
import dev.berth.metadata.ManifestRows.ManifestHead;
import dev.berth.metadata.ManifestRows.ManifestRow;
import dev.berth.metadata.TagRows;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.Manifest;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.Repositories;
import dev.berth.registry.lifecycle.ImmutableTags;

/**
 * Manifests: stored byte for byte as pushed, addressed by the digest of those bytes, validated
 * against what the repository holds, and tagged.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-manifests">spec: pushing manifests</a>
 */
@Service
public class ManifestService {

    private final ManifestRows manifests;
    private final TagRows tags;
    private final BlobRows blobs;
    private final Repositories repositories;
    private final ImmutableTags immutableTags;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final long maxManifestSize;
    private final EventOutbox events;
    private final boolean sparseManifests;

    ManifestService(ManifestRows manifests, TagRows tags, BlobRows blobs, Repositories repositories,
                    ImmutableTags immutableTags, TransactionTemplate transactions, Clock clock,
                    DistributionProperties properties, EventOutbox events) {
        this.events = events;
        this.manifests = manifests;
        this.tags = tags;
        this.blobs = blobs;
        this.repositories = repositories;
        this.immutableTags = immutableTags;
        this.transactions = transactions;
        this.clock = clock;
        this.maxManifestSize = properties.maxManifestSize().toBytes();
        this.sparseManifests = properties.sparseManifests();
    }

    /** The largest manifest this registry stores, in bytes. */
    public long maxManifestSize() {
        return maxManifestSize;
    }

    /** Whether the repository holds the manifest. */
    public boolean contains(RepositoryName name, Digest digest) {
        return manifests.head(name, digest).isPresent();
    }

    /**
     * Stores a manifest under {@code reference} (a tag, or the digest it must have) and tags it with
     * {@code reference}'s tag and {@code extraTags}.
     *
     * @param mayMoveTags asked only when a tag already names another manifest: whether the caller may
     *                    move it; when not, the push is refused with {@code DENIED} and nothing is stored
     */
    public PushedManifest put(RepositoryName name, Reference reference, InputStream body, String contentType,
                              List<Tag> extraTags, BooleanSupplier mayMoveTags) {
        byte[] payload = readBounded(body);
        DigestAlgorithm algorithm = reference instanceof Reference.ByDigest byDigest
                ? byDigest.digest().algorithm() : DigestAlgorithm.SHA256;
        Digest digest = Digest.compute(algorithm, payload);
        if (reference instanceof Reference.ByDigest byDigest && !byDigest.digest().equals(digest)) {
            throw new OciException(OciErrorCode.DIGEST_INVALID,
                    "the manifest's digest is " + digest + ", not " + byDigest.digest());
        }
        Manifest manifest = ManifestParser.parse(payload, contentType);
        Set<Tag> tagsToSet = new LinkedHashSet<>();
        if (reference instanceof Reference.ByTag byTag) {
            tagsToSet.add(byTag.tag());
        }
        tagsToSet.addAll(extraTags);
        Digest subject = manifest.subject() == null ? null : manifest.subject().digest();
        ManifestRows.NewManifest row = new ManifestRows.NewManifest(digest, manifest.mediaType(),
                manifest.effectiveArtifactType(), subject, AnnotationsJson.write(manifest.annotations()), payload);
        transactions.executeWithoutResult(status -> {
            long repositoryId = repositories.ensure(name);
            checkReferencesPresent(repositoryId, manifest);
            Instant now = clock.instant();
            manifests.insertIfAbsent(repositoryId, row, now);
            // Locked, so a garbage collection cannot remove it (an old untagged manifest pushed
            // again) before its tags exist; if one just did, store it anew.
            long manifestId = manifests.lockId(repositoryId, digest).orElseGet(() -> {
                manifests.insertIfAbsent(repositoryId, row, now);
                return manifests.lockId(repositoryId, digest).orElseThrow();
            });
            ManifestReferences.record(manifests, manifestId, manifest);
            List<String> tagNames = tagsToSet.stream().map(Tag::value).toList();
            for (Tag tag : tagsToSet) {
                Long previous = setTag(name, repositoryId, tag, manifestId, now, mayMoveTags);
                if (previous != null) {
                    events.record(RegistryEvent.of(EventType.TAG_MOVED, name.value(), digest.toString(),
                            manifest.mediaType(), (long) payload.length, List.of(tag.value()))
                            .withPrevious(manifests.find(previous).map(old -> old.digest().toString()).orElse(null)));
                }
            }
            RegistryEvent pushed = RegistryEvent.of(subject == null ? EventType.MANIFEST_PUSHED : EventType.ARTIFACT_PUSHED,
                    name.value(), digest.toString(), manifest.mediaType(), (long) payload.length, tagNames);
            events.record(subject == null ? pushed : pushed.withSubject(subject.toString()));
        });
        return new PushedManifest(digest, subject, List.copyOf(tagsToSet));
    }

    public ManifestSummary head(RepositoryName name, Reference reference) {
        Optional<ManifestHead> head = reference instanceof Reference.ByTag byTag
                ? manifests.head(name, byTag.tag())
                : manifests.head(name, ((Reference.ByDigest) reference).digest());
        ManifestHead found = head.orElseThrow(() -> unknown(name, reference));
        return new ManifestSummary(found.digest(), found.mediaType(), found.size());
    }

    /** The stored bytes, read with their digest and type in one query. */
    public ManifestContent get(RepositoryName name, Reference reference) {
        Optional<ManifestRow> row = reference instanceof Reference.ByTag byTag
                ? manifests.find(name, byTag.tag())
                : manifests.find(name, ((Reference.ByDigest) reference).digest());
        ManifestRow found = row.orElseThrow(() -> unknown(name, reference));
        return new ManifestContent(found.digest(), found.mediaType(), found.payload());
    }

    /**
     * By digest: removes the manifest and every tag pointing at it. By tag: removes the tag only.
     * Refused ({@code DENIED}) when an immutable tag would go.
     */
    public void delete(RepositoryName name, Reference reference) {
        transactions.executeWithoutResult(status -> {
            long repositoryId = repositories.find(name).orElseThrow(() -> unknown(name, reference));
            if (reference instanceof Reference.ByTag byTag) {
                if (tags.manifestIds(repositoryId, byTag.tag().value()).isEmpty()) {
                    throw unknown(name, reference);
                }
                immutableTags.checkMutable(name, byTag.tag().value(), "deleted");
                Optional<ManifestHead> named = manifests.head(name, byTag.tag());
                if (tags.delete(repositoryId, byTag.tag()) == 0) {
                    throw unknown(name, reference);
                }
                events.record(RegistryEvent.of(EventType.TAG_DELETED, name.value(),
                        named.map(head -> head.digest().toString()).orElse(null),
                        named.map(ManifestHead::mediaType).orElse(null), named.map(ManifestHead::size).orElse(null),
                        List.of(byTag.tag().value())));
                return;
            }
            Digest digest = ((Reference.ByDigest) reference).digest();
            long id = manifests.findId(repositoryId, digest).orElseThrow(() -> unknown(name, reference));
            List<String> removedTags = tags.namesOf(id);
            for (String tag : removedTags) {
                immutableTags.checkMutable(name, tag, "deleted with manifest " + digest);
            }
            Optional<ManifestHead> head = manifests.head(name, digest);
            manifests.delete(id);
            events.record(RegistryEvent.of(EventType.MANIFEST_DELETED, name.value(), digest.toString(),
                    head.map(ManifestHead::mediaType).orElse(null), head.map(ManifestHead::size).orElse(null),
                    removedTags));
        });
    }

    /**
     * Checks the repository holds what the manifest points at, and locks those rows until the push
     * commits, so a garbage collection running meanwhile cannot take them away.
     */
    private void checkReferencesPresent(long repositoryId, Manifest manifest) {
        Set<Digest> blobDigests = new LinkedHashSet<>();
        if (manifest.config() != null) {
            blobDigests.add(manifest.config().digest());
        }
        for (Descriptor layer : manifest.layers()) {
            if (layer.isDistributable()) {
                blobDigests.add(layer.digest());
            }
        }
        if (!blobDigests.isEmpty()) {
            Set<Digest> linked = blobs.lockLinked(repositoryId, blobDigests);
            for (Digest digest : blobDigests) {
                if (!linked.contains(digest)) {
                    throw new OciException(OciErrorCode.MANIFEST_BLOB_UNKNOWN,
                            "blob " + digest + " is not in this repository; push it before the manifest");
                }
            }
        }
        Set<Digest> children = new LinkedHashSet<>();
        for (Descriptor child : manifest.children()) {
            children.add(child.digest());
        }
        // Sparse indexes (berth.distribution.sparse-manifests): children may come later, or never.
        if (!children.isEmpty() && !sparseManifests) {
            Set<Digest> present = manifests.lockPresent(repositoryId, children);
            for (Digest digest : children) {
                if (!present.contains(digest)) {
                    throw new OciException(OciErrorCode.MANIFEST_BLOB_UNKNOWN,
                            "manifest " + digest + " is not in this repository; push it before the index");
                }
            }
        }
    }

    /**
     * Points {@code tag} at the manifest; concurrent pushes of one tag all succeed and the last one
     * wins, among callers allowed to move tags.
     */
    /** @return the manifest the tag named before, when it moved; else null */
    private Long setTag(RepositoryName name, long repositoryId, Tag tag, long manifestId, Instant now,
                        BooleanSupplier mayMoveTags) {
        if (tags.insertIfAbsent(repositoryId, tag, manifestId, now) > 0) {
            return null;
        }
        List<Long> current = tags.manifestIds(repositoryId, tag.value());
        if (current.contains(manifestId)) {
            return null;
        }
        // Before the role check: immutability binds everyone, admins included.
        immutableTags.checkMutable(name, tag.value(), "moved to another manifest");
        if (!mayMoveTags.getAsBoolean()) {
            throw new OciException(OciErrorCode.DENIED, "the tag " + tag + " already names another manifest;"
                    + " moving it needs the maintainer role");
        }
        if (tags.update(repositoryId, tag, manifestId, now) == 0) {
            // Deleted since the insert failed: create it again.
            tags.insertIfAbsent(repositoryId, tag, manifestId, now);
            return null;
        }
        return current.isEmpty() ? null : current.get(0);
    }

    private byte[] readBounded(InputStream body) {
        try {
            byte[] payload = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxManifestSize + 1));
            if (payload.length > maxManifestSize) {
                throw new OciException(OciErrorCode.MANIFEST_INVALID, 413,
                        "manifest is larger than the " + maxManifestSize + " bytes this registry accepts");
            }
            return payload;
        } catch (IOException e) {
            throw new UncheckedIOException("reading manifest", e);
        }
    }

    private static OciException unknown(RepositoryName name, Reference reference) {
        return new OciException(OciErrorCode.MANIFEST_UNKNOWN, "manifest " + reference + " is not in repository " + name);
    }
}
