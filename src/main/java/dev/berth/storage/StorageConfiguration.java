package dev.berth.storage;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.berth.config.BerthProperties;
import dev.berth.config.StorageProperties;
import dev.berth.storage.filesystem.FilesystemByteStore;
import dev.berth.storage.s3.S3ByteStore;

/**
 * Chooses the back-end from {@code berth.storage.type} and puts the one blob store algorithm over
 * it; nothing outside this package knows which back-end it is.
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean
    BlobStore blobStore(StorageProperties storage, BerthProperties berth) throws IOException {
        ByteStore bytes = switch (storage.type()) {
            case "filesystem" -> {
                Path root = storage.filesystem().root() != null ? storage.filesystem().root() : berth.dataDir();
                yield new FilesystemByteStore(root.toAbsolutePath().normalize());
            }
            case "s3" -> S3ByteStore.connect(storage.s3());
            default -> throw new IllegalStateException(
                    "unknown berth.storage.type '" + storage.type() + "' (supported: filesystem, s3)");
        };
        ContentAddressedBlobStore store = new ContentAddressedBlobStore(bytes);
        checkAtStartup(store, storage.type());
        return store;
    }

    @Bean
    BlobStoreHealthIndicator blobStoreHealthIndicator(BlobStore store) {
        return new BlobStoreHealthIndicator(store);
    }

    /** Fail fast: a registry that cannot reach its bytes would only fail every push later. */
    private static void checkAtStartup(ContentAddressedBlobStore store, String type) {
        try {
            store.check();
        } catch (IOException | RuntimeException e) {
            try {
                store.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("the " + type + " blob store is not usable: " + e.getMessage(), e);
        }
    }
}
