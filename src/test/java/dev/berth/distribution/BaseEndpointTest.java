package dev.berth.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;

class BaseEndpointTest extends BerthHttpTest {

    @Test
    void get_base_answersOkWithApiVersion() {
        HttpResponse<byte[]> response = registry.get("/v2/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
        assertThat(RegistryClient.text(response)).isEqualTo("{}");
    }

    @Test
    void errors_carryApiVersionHeader() {
        HttpResponse<byte[]> response = registry.get("/v2/nothing/here/blobs/sha256:"
                + "0000000000000000000000000000000000000000000000000000000000000000");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
        assertThat(RegistryClient.text(response)).contains("\"code\":\"BLOB_UNKNOWN\"");
    }

    @Test
    void get_baseWithoutTrailingSlash_answersOk() {
        HttpResponse<byte[]> response = registry.get("/v2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
    }

    @Test
    void everyResponse_carriesApiVersionHeader() {
        String repository = uniqueRepository("base");
        byte[] content = new byte[2048];
        String digest = RegistryClient.sha256(content);
        String blob = "/v2/" + repository + "/blobs/" + digest;
        List<HttpResponse<byte[]>> responses = new ArrayList<>();
        HttpResponse<byte[]> session = registry.send("POST", "/v2/" + repository + "/blobs/uploads/", null);
        String location = session.headers().firstValue("Location").orElseThrow();
        responses.add(session);
        responses.add(registry.send("PATCH", location, new byte[10], "Content-Range", "0-9"));
        responses.add(registry.send("PATCH", location, new byte[10], "Content-Range", "50-59"));
        responses.add(registry.get(location));
        responses.add(registry.delete(location));
        responses.add(registry.send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest, content));
        responses.add(registry.head(blob));
        // Berth's own answers: with blobs in S3 and redirects on, a 307 rather than the store's reply.
        RegistryClient berthOnly = registry.notFollowingRedirects();
        responses.add(berthOnly.get(blob, "Range", "bytes=0-9"));
        responses.add(berthOnly.get(blob, "Range", "bytes=9000-"));
        responses.add(registry.get("/v2/" + repository + "/tags/list"));
        responses.add(registry.get("/v2/" + repository + "/manifests/missing"));
        responses.add(registry.head("/v2/" + repository + "/manifests/missing"));
        responses.add(registry.get("/v2/_catalog?n=1"));
        responses.add(registry.get("/v2/" + repository + "/referrers/" + digest));
        responses.add(registry.send("PUT", "/v2/Bad/manifests/x", new byte[0]));
        responses.add(registry.delete(blob));

        assertThat(responses).extracting(HttpResponse::statusCode)
                .containsExactly(202, 202, 416, 204, 204, 201, 200, blobRedirects() ? 307 : 206,
                        blobRedirects() ? 307 : 416, 200, 404, 404, 200, 200, 400, 202);
        for (HttpResponse<byte[]> response : responses) {
            assertThat(response.headers().firstValue("Docker-Distribution-API-Version"))
                    .as("%s %s", response.request().method(), response.uri()).hasValue("registry/2.0");
        }
    }
}
