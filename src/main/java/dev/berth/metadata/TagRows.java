package dev.berth.metadata;

import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Setting a tag, in plain JDBC: every image push does (see {@link UploadRows} for why not
 * Hibernate). Reading and deleting tags stays with {@link TagEntityRepository}.
 */
@Component
public class TagRows {

    private final JdbcClient jdbc;

    TagRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public int insertIfAbsent(long repositoryId, String name, long manifestId, Instant now) {
        return jdbc.sql("INSERT INTO tag (repository_id, name, manifest_id, updated_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(repositoryId, name, manifestId, NativeValues.timestamp(now))
                .update();
    }

    public int update(long repositoryId, String name, long manifestId, Instant now) {
        return jdbc.sql("UPDATE tag SET manifest_id = ?, updated_at = ? WHERE repository_id = ? AND name = ?")
                .params(manifestId, NativeValues.timestamp(now), repositoryId, name)
                .update();
    }
}
