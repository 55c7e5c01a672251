package dev.berth.storage;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.berth.config.BerthProperties;
import dev.berth.config.StorageProperties;
import dev.berth.storage.filesystem.FilesystemBlobStore;

/** Chooses the blob store back-end from {@code berth.storage.type}; nothing outside this package knows which. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean
    BlobStore blobStore(StorageProperties storage, BerthProperties berth) throws IOException {
        if (!"filesystem".equals(storage.type())) {
            throw new IllegalStateException("unknown berth.storage.type '" + storage.type() + "' (supported: filesystem)");
        }
        Path root = storage.filesystem().root() != null ? storage.filesystem().root() : berth.dataDir();
        return new FilesystemBlobStore(root.toAbsolutePath().normalize());
    }
}
