package dev.berth.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

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
}
