package dev.berth.config;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where blob bytes live.
 *
 * @param type       the back-end: {@code filesystem}
 * @param filesystem settings of the local-disk back-end
 */
@ConfigurationProperties("berth.storage")
public record StorageProperties(@DefaultValue("filesystem") String type, @DefaultValue Filesystem filesystem) {

    /** @param root directory holding {@code blobs/} and {@code uploads/}; defaults to {@code berth.data-dir} */
    public record Filesystem(Path root) {
    }
}
