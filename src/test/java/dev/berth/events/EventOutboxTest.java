package dev.berth.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.support.RegistryDomainTest;
import dev.berth.support.TestImages;

/**
 * The outbox is written with the change: a push and a tag move and delete each leave their event,
 * and a push that is refused (its transaction rolled back) leaves none.
 */
class EventOutboxTest extends RegistryDomainTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void pushMoveAndDelete_recordTheirEvents_inOrder() {
        RepositoryName repository = uniqueRepository("outbox");
        Image first = pushImage(repository, "v1");
        Image second = pushImage(repository, "v1");
        manifests.delete(repository, Reference.parse("v1"));

        assertThat(types(repository)).containsExactly("manifest.pushed", "tag.moved", "manifest.pushed",
                "tag.deleted");
        String moved = new String(jdbc.sql("SELECT data FROM event_outbox WHERE repository = ? AND type = 'tag.moved'")
                .param(repository.value()).query(byte[].class).single());
        assertThat(moved).contains("\"previousDigest\":\"" + first.digest() + "\"")
                .contains("\"digest\":\"" + second.digest() + "\"");
    }

    @Test
    void refusedPush_recordsNothing() {
        RepositoryName repository = uniqueRepository("outbox");
        byte[] orphan = TestImages.ociManifest("sha256:" + "c".repeat(64), 2, "sha256:" + "d".repeat(64), "3");

        assertThatThrownBy(() -> manifests.put(repository, Reference.parse("v1"), stream(orphan), OCI_MANIFEST,
                List.of(), () -> true)).isInstanceOf(OciException.class);

        assertThat(types(repository)).isEmpty();
    }

    private List<String> types(RepositoryName repository) {
        return jdbc.sql("SELECT type FROM event_outbox WHERE repository = ? ORDER BY id").param(repository.value())
                .query(String.class).list();
    }
}
