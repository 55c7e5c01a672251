package dev.berth.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.berth.api.ApiProblem;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;

/**
 * The OpenAPI document of the admin and browse APIs, for anyone. The build writes it from these
 * controllers (src/openapi/OpenApiDocument.java), so a start carries no OpenAPI library; it is read
 * once, and answered with an ETag so that clients revalidate instead of downloading it again.
 */
@RestController
class ApiDocumentController {

    private static final String RESOURCE = "META-INF/berth/openapi.json";
    private static final Logger log = LoggerFactory.getLogger(ApiDocumentController.class);

    private final byte[] document;
    private final String etag;

    ApiDocumentController() {
        this.document = read();
        this.etag = document == null ? null : "\"" + Digest.compute(DigestAlgorithm.SHA256, document).hex() + "\"";
        if (document == null) {
            log.warn("{} is not on the classpath: /api/v1/openapi.json answers 404 (./mvnw process-classes writes it)",
                    RESOURCE);
        }
    }

    @GetMapping(path = "/api/v1/openapi.json", produces = "application/json")
    ResponseEntity<byte[]> document() {
        if (document == null) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "this build of Berth has no OpenAPI document");
        }
        // Spring answers 304 itself when If-None-Match names this ETag.
        return ResponseEntity.ok().eTag(etag).cacheControl(CacheControl.noCache()).body(document);
    }

    private static byte[] read() {
        try (InputStream in = ApiDocumentController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
    }
}
