package dev.berth.distribution;

import static dev.berth.distribution.OciResponses.CONTENT_DIGEST;
import static dev.berth.distribution.OciResponses.assertBlobAbsent;
import static dev.berth.distribution.OciResponses.assertError;
import static dev.berth.distribution.OciResponses.header;
import static dev.berth.distribution.OciResponses.randomBytes;
import static dev.berth.distribution.OciResponses.sha512;
import static dev.berth.distribution.OciResponses.withQuery;
import static dev.berth.support.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;

/** Cross-repository blob mount: {@code POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<other>}. */
class MountTest extends BerthHttpTest {

    @Test
    void mount_fromRepositoryHoldingBlob_answersCreatedWithExactLocation() {
        String source = uniqueRepository("mount");
        String target = uniqueRepository("mount");
        byte[] content = randomBytes(1500, 1);
        String digest = registry.pushBlob(source, content);

        HttpResponse<byte[]> response = mount(target, digest, source);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, "Location")).isEqualTo("/v2/" + target + "/blobs/" + digest);
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
        HttpResponse<byte[]> pulled = registry.get(header(response, "Location"));
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(pulled.body()).isEqualTo(content);
        assertThat(OciResponses.catalog(registry)).contains(target);
    }

    @Test
    void mount_sha512Blob_answersCreated() {
        String source = uniqueRepository("mount");
        String target = uniqueRepository("mount");
        byte[] content = randomBytes(900, 2);
        String digest = sha512(content);
        assertThat(registry.send("POST", "/v2/" + source + "/blobs/uploads/?digest=" + digest, content).statusCode())
                .isEqualTo(201);

        HttpResponse<byte[]> response = mount(target, digest, source);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, "Location")).isEqualTo("/v2/" + target + "/blobs/" + digest);
        assertThat(registry.get("/v2/" + target + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void mount_withoutFrom_mountsFromRepositoryHoldingBlob() {
        String source = uniqueRepository("mount");
        String target = uniqueRepository("mount");
        byte[] content = randomBytes(600, 3);
        String digest = registry.pushBlob(source, content);

        HttpResponse<byte[]> response = mountWithoutFrom(target, digest);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, "Location")).isEqualTo("/v2/" + target + "/blobs/" + digest);
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
        assertThat(registry.get("/v2/" + target + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void mount_withoutFrom_ofBlobNoRepositoryHolds_opensSessionInstead() {
        String target = uniqueRepository("mount");
        byte[] content = randomBytes(600, 13);
        String digest = sha256(content);

        HttpResponse<byte[]> response = mountWithoutFrom(target, digest);

        assertThat(response.statusCode()).isEqualTo(202);
        String location = header(response, "Location");
        assertThat(location).startsWith("/v2/" + target + "/blobs/uploads/");
        assertThat(header(response, "Range")).isEqualTo("0-0");
        assertBlobAbsent(registry, target, digest);
        assertThat(registry.send("PUT", withQuery(location, "digest", digest), content).statusCode()).isEqualTo(201);
        assertThat(registry.get("/v2/" + target + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void mount_withoutFrom_ofBlobDeletedFromItsRepository_opensSessionInstead() {
        String source = uniqueRepository("mount");
        String target = uniqueRepository("mount");
        String digest = registry.pushBlob(source, randomBytes(90, 14));
        assertThat(registry.delete("/v2/" + source + "/blobs/" + digest).statusCode()).isEqualTo(202);

        HttpResponse<byte[]> response = mountWithoutFrom(target, digest);

        assertThat(response.statusCode()).isEqualTo(202);
        assertBlobAbsent(registry, target, digest);
    }

    @Test
    void mount_fromRepositoryWithoutBlob_opensSessionInstead() {
        String source = uniqueRepository("mount");
        String holder = uniqueRepository("mount");
        String target = uniqueRepository("mount");
        registry.pushBlob(source, randomBytes(10, 4));
        String digest = registry.pushBlob(holder, randomBytes(700, 5));

        HttpResponse<byte[]> response = mount(target, digest, source);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(header(response, "Location")).startsWith("/v2/" + target + "/blobs/uploads/");
        assertBlobAbsent(registry, target, digest);
        assertBlobAbsent(registry, source, digest);
    }

    @Test
    void mount_fromUnknownRepository_opensSessionInstead() {
        String target = uniqueRepository("mount");
        String digest = registry.pushBlob(uniqueRepository("mount"), randomBytes(70, 6));

        HttpResponse<byte[]> response = mount(target, digest, uniqueRepository("mount"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(header(response, "Location")).startsWith("/v2/" + target + "/blobs/uploads/");
        assertBlobAbsent(registry, target, digest);
    }

    @Test
    void mount_fromInvalidRepositoryName_opensSessionInstead() {
        String target = uniqueRepository("mount");
        String digest = registry.pushBlob(uniqueRepository("mount"), randomBytes(70, 7));

        HttpResponse<byte[]> response = mount(target, digest, "Not..Valid");

        assertThat(response.statusCode()).isEqualTo(202);
        assertBlobAbsent(registry, target, digest);
    }

    @Test
    void mount_fromRepositoryThatDeletedBlob_opensSessionInstead() {
        String source = uniqueRepository("mount");
        String target = uniqueRepository("mount");
        String digest = registry.pushBlob(source, randomBytes(80, 8));
        assertThat(registry.delete("/v2/" + source + "/blobs/" + digest).statusCode()).isEqualTo(202);

        HttpResponse<byte[]> response = mount(target, digest, source);

        assertThat(response.statusCode()).isEqualTo(202);
        assertBlobAbsent(registry, target, digest);
    }

    @Test
    void mount_malformedDigest_answersDigestInvalidAndCreatesNothing() {
        String source = uniqueRepository("mount");
        String target = uniqueRepository("mount");
        registry.pushBlob(source, randomBytes(10, 9));

        assertError(mount(target, "sha256:xyz", source), 400, "DIGEST_INVALID");

        assertThat(OciResponses.catalog(registry)).doesNotContain(target);
    }

    @Test
    void mountedBlob_deletedInSource_staysInTarget() {
        String source = uniqueRepository("mount");
        String target = uniqueRepository("mount");
        byte[] content = randomBytes(256, 10);
        String digest = registry.pushBlob(source, content);
        assertThat(mount(target, digest, source).statusCode()).isEqualTo(201);

        assertThat(registry.delete("/v2/" + source + "/blobs/" + digest).statusCode()).isEqualTo(202);

        assertBlobAbsent(registry, source, digest);
        assertThat(registry.get("/v2/" + target + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void pushedBlob_isNotReadableThroughAnotherRepository() {
        String owner = uniqueRepository("mount");
        String stranger = uniqueRepository("mount");
        registry.pushBlob(stranger, randomBytes(3, 11));
        byte[] content = randomBytes(512, 12);

        String digest = registry.pushBlob(owner, content);

        assertBlobAbsent(registry, stranger, digest);
        assertThat(sha256(content)).isEqualTo(digest);
    }

    private HttpResponse<byte[]> mount(String target, String digest, String from) {
        return registry.send("POST", "/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + from, null);
    }

    private HttpResponse<byte[]> mountWithoutFrom(String target, String digest) {
        return registry.send("POST", "/v2/" + target + "/blobs/uploads/?mount=" + digest, null);
    }
}
