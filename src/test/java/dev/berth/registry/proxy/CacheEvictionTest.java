package dev.berth.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.berth.metadata.BlobRows;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.registry.blob.BlobContent;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.manifest.MirroredManifests;
import dev.berth.support.RegistryDomainTest;
import dev.berth.support.TestImages;

/**
 * Eviction of cached images: by retention (not pulled for long enough), then by size cap (least
 * recently pulled first), never taking an image pulled since it was chosen, and never breaking a
 * read already under way.
 */
class CacheEvictionTest extends RegistryDomainTest {

    private static final int LAYER_SIZE = 10_000;

    @Autowired
    CacheEviction eviction;
    @Autowired
    PullRecorder pulls;
    @Autowired
    Upstreams upstreams;
    @Autowired
    BlobRows blobs;
    @Autowired
    BlobService blobService;
    @Autowired
    GarbageCollector collector;
    @Autowired
    MirroredManifests mirrored;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry properties) {
        properties.add("berth.proxy.upstreams[0].name", () -> "aging");
        properties.add("berth.proxy.upstreams[0].url", () -> "http://127.0.0.1:9");
        properties.add("berth.proxy.upstreams[0].retention", () -> "400ms");
        properties.add("berth.proxy.upstreams[1].name", () -> "capped");
        properties.add("berth.proxy.upstreams[1].url", () -> "http://127.0.0.1:9");
        properties.add("berth.proxy.upstreams[1].registry-host", () -> "capped.test");
        properties.add("berth.proxy.upstreams[1].max-size", () -> (LAYER_SIZE * 5 / 2) + "B");
        properties.add("berth.gc.blob-grace", () -> "0s");
        properties.add("berth.gc.untagged-grace", () -> "0s");
    }

    private record Cached(MirroredName name, Digest manifest, Digest layer) {
    }

    @Test
    void retention_evictsImagesNotPulledSince_andKeepsThePulledOnes() throws Exception {
        Cached idle = cache("aging", "team/idle");
        Cached busy = cache("aging", "team/busy");
        Thread.sleep(500);
        pulls.pulled(busy.name(), busy.manifest());

        eviction.evictAll();

        assertThat(manifests.contains(idle.name().local(), idle.manifest())).isFalse();
        assertThat(blobs.linkedSize(idle.name().local(), idle.layer())).isEmpty();
        assertThat(manifests.contains(busy.name().local(), busy.manifest())).isTrue();
        assertThat(blobs.linkedSize(busy.name().local(), busy.layer())).isPresent();
    }

    @Test
    void sizeCap_evictsTheLeastRecentlyPulledUntilItFits() throws Exception {
        Cached first = cache("capped", "team/first");
        Cached second = cache("capped", "team/second");
        Cached third = cache("capped", "team/third");
        pulls.pulled(second.name(), second.manifest());
        Thread.sleep(5);
        pulls.pulled(third.name(), third.manifest());
        Thread.sleep(5);
        pulls.pulled(first.name(), first.manifest());

        List<CacheEviction.Evicted> report = eviction.evictAll();

        assertThat(report).filteredOn(e -> e.upstream().equals("capped")).singleElement()
                .satisfies(e -> assertThat(e.bytesAfter()).isLessThanOrEqualTo(LAYER_SIZE * 5L / 2));
        assertThat(manifests.contains(second.name().local(), second.manifest())).isFalse();
        assertThat(manifests.contains(first.name().local(), first.manifest())).isTrue();
        assertThat(manifests.contains(third.name().local(), third.manifest())).isTrue();
    }

    @Test
    void evictionAndCollection_duringARead_letTheReadFinish() throws Exception {
        Cached reading = cache("aging", "team/reading");
        Thread.sleep(500);
        try (BlobContent open = blobService.open(reading.name().local(), reading.layer())) {
            eviction.evictAll();
            collector.collect(false, "test");
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            open.transferTo(0, open.size(), Channels.newChannel(copy));
            assertThat(sha256(copy.toByteArray())).isEqualTo(reading.layer());
        }
        assertThat(manifests.contains(reading.name().local(), reading.manifest())).isFalse();
    }

    /** Stores an image in the upstream's cache as a pull through it would: blobs, then the manifest and tag. */
    private Cached cache(String upstream, String path) {
        MirroredName name = upstreams.resolve(RepositoryName.of(upstream + "/" + path + UUID.randomUUID()
                .toString().substring(0, 6)), null, null, true).orElseThrow();
        byte[] config = bytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":\"" + UUID.randomUUID() + "\"}");
        byte[] layer = new byte[LAYER_SIZE];
        new java.util.Random().nextBytes(layer);
        uploads.upload(name.local(), sha256(config), stream(config), config.length);
        uploads.upload(name.local(), sha256(layer), stream(layer), layer.length);
        byte[] manifest = TestImages.ociManifest(sha256(config).toString(), config.length, sha256(layer).toString(),
                Integer.toString(layer.length));
        mirrored.store(name.local(), Tag.of("v1"), sha256(manifest), OCI_MANIFEST, manifest);
        return new Cached(name, sha256(manifest), sha256(layer));
    }
}
