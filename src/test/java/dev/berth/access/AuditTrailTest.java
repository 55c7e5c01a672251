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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.berth.auth.Role;
import dev.berth.metadata.AuditEventRows.AuditEventRow;

/** Who did what from where is kept; the secrets they did it with are not, in the database or the log. */
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailTest extends AccessHttpTest {

    @Autowired
    private JdbcClient jdbc;

    /** The trail's lines by {@code actor} (every line when null), read straight from its table. */
    private List<AuditEventRow> events(String actor) {
        return jdbc.sql("SELECT id, occurred_at, actor, action, target, outcome, client_ip, detail FROM audit_event"
                        + (actor == null ? "" : " WHERE actor = :actor"))
                .paramSource(actor == null ? java.util.Map.of() : java.util.Map.of("actor", actor))
                .query((rs, row) -> new AuditEventRow(rs.getLong(1), rs.getObject(2, java.time.OffsetDateTime.class)
                        .toInstant(), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8)))
                .list();
    }

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
        List<AuditEventRow> writerEvents = events(writer);
        List<AuditEventRow> readerEvents = events(reader);
        assertThat(writerEvents).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("login");
            assertThat(event.outcome()).isEqualTo("FAILURE");
            assertThat(event.clientAddress()).isEqualTo("127.0.0.1");
        });
        assertThat(writerEvents).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("push");
            assertThat(event.outcome()).isEqualTo("SUCCESS");
            assertThat(event.target()).isEqualTo(repository + "@" + image.digest());
            assertThat(event.clientAddress()).isEqualTo("127.0.0.1");
        });
        assertThat(readerEvents).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("access");
            assertThat(event.outcome()).isEqualTo("DENIED");
            assertThat(event.target()).contains(repository);
            assertThat(event.clientAddress()).isEqualTo("127.0.0.1");
        });
        List<String> secrets = List.of(wrongPassword, password(writer), password(reader));
        for (AuditEventRow event : events(null)) {
            Stream.of(event.actor(), event.action(), event.target(), event.clientAddress(), event.detail())
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
        assertThat(events(writer)).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo("push");
            assertThat(event.outcome()).isEqualTo("DENIED");
            assertThat(event.target()).isEqualTo(repository + ":v1");
            assertThat(event.clientAddress()).isEqualTo("127.0.0.1");
        });
    }
}
