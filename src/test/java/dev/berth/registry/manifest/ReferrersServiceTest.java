package dev.berth.registry.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.Page;
import dev.berth.registry.PageRequest;
import dev.berth.support.RegistryDomainTest;

/** Referrers of a subject: by their {@code subject} field, filtered by artifact type, in digest order. */
class ReferrersServiceTest extends RegistryDomainTest {

    private static final String SIGNATURE = "application/vnd.dev.cosign.artifact.sig.v1+json";
    private static final String SBOM = "application/spdx+json";

    @Autowired
    ReferrersService referrers;

    @Test
    void list_artifactsWithASubject_listsEachOnceAndFiltersByType() {
        RepositoryName repository = uniqueRepository("ref");
        Image image = pushImage(repository, "v1");
        Digest signature = pushArtifact(repository, image, SIGNATURE);
        Digest sbom = pushArtifact(repository, image, SBOM);

        Page<Descriptor> all = referrers.list(repository, image.digest(), null, new PageRequest(10, ""));
        Page<Descriptor> signatures = referrers.list(repository, image.digest(), SIGNATURE, new PageRequest(10, ""));

        assertThat(all.items()).extracting(Descriptor::digest)
                .containsExactlyElementsOf(List.of(signature, sbom).stream().sorted(
                        (a, b) -> a.toString().compareTo(b.toString())).toList());
        assertThat(signatures.items()).extracting(Descriptor::artifactType).containsExactly(SIGNATURE);
    }

    @Test
    void list_unknownSubjectOrRepository_isAnEmptyPage() {
        RepositoryName repository = uniqueRepository("ref");
        pushImage(repository, "v1");
        Digest unknown = sha256(bytes("nothing refers to this"));

        assertThat(referrers.list(repository, unknown, null, new PageRequest(10, "")).items()).isEmpty();
        assertThat(referrers.list(uniqueRepository("ref"), unknown, null, new PageRequest(10, "")).items()).isEmpty();
    }

    /** Pushes an artifact manifest of {@code type} whose subject is the image, by digest. */
    private Digest pushArtifact(RepositoryName repository, Image subject, String type) {
        byte[] config = bytes("{}");
        uploads.upload(repository, sha256(config), stream(config), config.length);
        byte[] manifest = bytes("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"" + type
                + "\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + sha256(config)
                + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\""
                + subject.digest() + "\",\"size\":" + subject.manifest().length + "}}");
        return manifests.put(repository, Reference.parse(sha256(manifest).toString()), stream(manifest), OCI_MANIFEST,
                List.of(), () -> true).digest();
    }
}
