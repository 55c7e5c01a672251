package dev.berth.clients;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories directly under {@code /tmp}, whatever {@code java.io.tmpdir} says: the
 * daemons put unix sockets (and containerd its own) inside them, and a socket path may not exceed
 * 108 bytes. JUnit still deletes them after the test.
 */
final class ShortTempDirFactory implements TempDirFactory {

    @Override
    public Path createTempDirectory(AnnotatedElementContext elementContext, ExtensionContext extensionContext)
            throws Exception {
        return Files.createTempDirectory(Path.of("/tmp"), "berth-");
    }
}
