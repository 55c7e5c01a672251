package dev.berth.metadata;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.berth.oci.Digest;
import dev.berth.oci.Tag;

/** The {@code tag} rows: setting, moving, listing and deleting tags. */
@Component
public class TagRows {

    /** A tag as it stands: the manifest it names and when it was last pushed. */
    public record TagVersion(String name, long manifestId, Instant updatedAt) {
    }

    private final JdbcClient jdbc;

    TagRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public int insertIfAbsent(long repositoryId, Tag tag, long manifestId, Instant now) {
        return jdbc.sql("INSERT INTO tag (repository_id, name, manifest_id, updated_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(repositoryId, tag.value(), manifestId, NativeValues.timestamp(now))
                .update();
    }

    public int update(long repositoryId, Tag tag, long manifestId, Instant now) {
        return jdbc.sql("UPDATE tag SET manifest_id = ?, updated_at = ? WHERE repository_id = ? AND name = ?")
                .params(manifestId, NativeValues.timestamp(now), repositoryId, tag.value())
                .update();
    }

    public int delete(long repositoryId, Tag tag) {
        return jdbc.sql("DELETE FROM tag WHERE repository_id = ? AND name = ?").params(repositoryId, tag.value())
                .update();
    }

    /** Deletes the tag only if it still names what it named when read (not pushed again since). */
    public int deleteIfUnchanged(long repositoryId, TagVersion tag) {
        return jdbc.sql("DELETE FROM tag WHERE repository_id = ? AND name = ? AND manifest_id = ? AND updated_at = ?")
                .params(repositoryId, tag.name(), tag.manifestId(), NativeValues.timestamp(tag.updatedAt()))
                .update();
    }

    /** Up to {@code limit} tag names after {@code last}, in byte order. */
    public List<String> namesAfter(long repositoryId, String last, int limit) {
        return jdbc.sql("SELECT name FROM tag WHERE repository_id = ? AND name > ? ORDER BY name LIMIT ?")
                .params(repositoryId, last, limit).query(String.class).list();
    }

    /**
     * The manifest a tag names, as a list (none or one). Takes any name, since the referrers
     * fallback tag of a sha512 subject is longer than the tag grammar allows.
     */
    public List<Long> manifestIds(long repositoryId, String name) {
        return jdbc.sql("SELECT manifest_id FROM tag WHERE repository_id = ? AND name = ?")
                .params(repositoryId, name).query(Long.class).list();
    }

    /** The tags naming the manifest, by name. */
    public List<String> namesOf(long manifestId) {
        return jdbc.sql("SELECT name FROM tag WHERE manifest_id = ? ORDER BY name").param(manifestId)
                .query(String.class).list();
    }

    /** The tags of the repository naming the manifest of {@code digest}, by name. */
    public List<String> namesOf(long repositoryId, Digest digest) {
        return jdbc.sql("SELECT t.name FROM tag t JOIN manifest m ON m.id = t.manifest_id"
                        + " WHERE t.repository_id = ? AND m.digest = ? ORDER BY t.name")
                .params(repositoryId, digest.toString()).query(String.class).list();
    }

    /** The repository's tags, newest push first. */
    public List<TagVersion> newestFirst(long repositoryId) {
        return jdbc.sql("SELECT name, manifest_id, updated_at FROM tag WHERE repository_id = ?"
                        + " ORDER BY updated_at DESC, name DESC")
                .param(repositoryId)
                .query((rs, row) -> new TagVersion(rs.getString(1), rs.getLong(2), NativeValues.instant(rs.getObject(3))))
                .list();
    }
}
