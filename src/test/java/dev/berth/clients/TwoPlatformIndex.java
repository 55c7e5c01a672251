package dev.berth.clients;

import java.nio.file.Path;
import java.util.List;

import dev.berth.support.RegistryClient;

/**
 * A linux/amd64 + linux/arm64 OCI index, written as a layout and pushed over plain HTTP, so tests of
 * pulling clients need no other client to set it up.
 *
 * @param layout the OCI layout holding every blob of the index
 */
record TwoPlatformIndex(Path layout, OciLayoutWriter.Descriptor index, OciLayoutWriter.Image amd64,
                        OciLayoutWriter.Image arm64) {

    /** Writes the layout in {@code dir} and pushes it to {@code repository}, the index tagged {@code tag}. */
    static TwoPlatformIndex push(RegistryClient registry, Path dir, String repository, String tag) {
        OciLayoutWriter layout = new OciLayoutWriter(dir);
        OciLayoutWriter.Image amd64 = layout.image("amd64", OciLayoutWriter.files("arch.txt", "amd64\n"));
        OciLayoutWriter.Image arm64 = layout.image("arm64", OciLayoutWriter.files("arch.txt", "arm64\n"));
        OciLayoutWriter.Descriptor index = layout.index(List.of(amd64, arm64));
        for (OciLayoutWriter.Image image : List.of(amd64, arm64)) {
            registry.pushBlob(repository, layout.bytes(image.config()));
            for (OciLayoutWriter.Descriptor layer : image.layers()) {
                registry.pushBlob(repository, layout.bytes(layer));
            }
            registry.putManifest(repository, image.manifest().digest(), OciLayoutWriter.MANIFEST,
                    layout.bytes(image.manifest()));
        }
        registry.putManifest(repository, tag, OciLayoutWriter.INDEX, layout.bytes(index));
        return new TwoPlatformIndex(layout.dir(), index, amd64, arm64);
    }
}
