package dev.berth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.domain.Pageable;

import dev.berth.auth.Role;
import dev.berth.metadata.AuditEventEntity;
import dev.berth.metadata.AuditEventEntityRepository;

/** Who did what from where is kept; the secrets they did it with are not, in the database or the log. */
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailTest extends AccessHttpTest {

    @Autowired
    private AuditEventEntityRepository events;

    @Test
    void audit_failedLoginDeniedPushAndPush_areRecordedWithoutPasswords(CapturedOutput output) {
        String namespace = unique("audited");
        namespaces.setPublic(namespace, false);
        String writer = member("writer", namespace, Role.WRITER).username();
        String reader = member("reader", namespace, Role.READER).username();
        String repository = namespace + "/app";
        Image image = blobsOf(repository);
        String wrongPassword = "Wrong-" + unique("pass");

        HttpResponse<byte[]> failedLogin = registry.withBasic(writer, wrongPassword).get("/v2/" + repository
                + "/manifests/v1");
        HttpResponse<byte[]> deniedPush = as(reader).send("PUT", "/v2/" + repository + "/manifests/v1",
                image.manifest(), "Content-Type", OCI_MANIFEST);
        HttpResponse<byte[]> push = as(writer).send("PUT", "/v2/" + repository + "/manifests/v1",
                image.manifest(), "Content-Type", OCI_MANIFEST);
        HttpResponse<byte[]> formLogin = registry.anonymous().send("POST", "/token",
                ("grant_type=password&client_id=test&username=" + writer + "&password="
                        + URLEncoder.encode(password(writer), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/x-www-form-urlencoded");

        assertThat(failedLogin.statusCode()).isEqualTo(401);
        assertThat(deniedPush.statusCode()).isEqualTo(401);
        assertThat(push.statusCode()).isEqualTo(201);
        assertThat(formLogin.statusCode()).isEqualTo(200);
        List<AuditEventEntity> writerEvents = events.findByActor(writer, Pageable.unpaged()).getContent();
        List<AuditEventEntity> readerEvents = events.findByActor(reader, Pageable.unpaged()).getContent();
        assertThat(writerEvents).anySatisfy(event -> {
            assertThat(event.getAction()).isEqualTo("login");
            assertThat(event.getOutcome()).isEqualTo("FAILURE");
            assertThat(event.getClientIp()).isEqualTo("127.0.0.1");
        });
        assertThat(writerEvents).anySatisfy(event -> {
            assertThat(event.getAction()).isEqualTo("push");
            assertThat(event.getOutcome()).isEqualTo("SUCCESS");
            assertThat(event.getTarget()).isEqualTo(repository + "@" + image.digest());
            assertThat(event.getClientIp()).isEqualTo("127.0.0.1");
        });
        assertThat(readerEvents).anySatisfy(event -> {
            assertThat(event.getAction()).isEqualTo("access");
            assertThat(event.getOutcome()).isEqualTo("DENIED");
            assertThat(event.getTarget()).contains(repository);
            assertThat(event.getClientIp()).isEqualTo("127.0.0.1");
        });
        List<String> secrets = List.of(wrongPassword, password(writer), password(reader));
        for (AuditEventEntity event : events.findAll()) {
            Stream.of(event.getActor(), event.getAction(), event.getTarget(), event.getClientIp(), event.getDetail())
                    .filter(field -> field != null)
                    .forEach(field -> assertThat(field).doesNotContain(secrets));
        }
        assertThat(output.getAll()).contains("actor=" + writer).doesNotContain(secrets);
    }

    @Test
    void audit_writerMovingATag_recordsTheDenial() {
        String namespace = unique("audited");
        String writer = member("writer", namespace, Role.WRITER).username();
        String repository = namespace + "/app";
        Image image = pushImage(repository, "v1");
        Image next = blobsOf(repository);

        HttpResponse<byte[]> move = as(writer).send("PUT", "/v2/" + repository + "/manifests/v1", next.manifest(),
                "Content-Type", OCI_MANIFEST);

        assertThat(move.statusCode()).isEqualTo(403);
        assertThat(errorCode(move)).isEqualTo("DENIED");
        assertThat(tagDigest(repository, "v1")).isEqualTo(image.digest());
        assertThat(events.findByActor(writer, Pageable.unpaged()).getContent()).anySatisfy(event -> {
            assertThat(event.getAction()).isEqualTo("push");
            assertThat(event.getOutcome()).isEqualTo("DENIED");
            assertThat(event.getTarget()).isEqualTo(repository + ":v1");
            assertThat(event.getClientIp()).isEqualTo("127.0.0.1");
        });
    }
}
