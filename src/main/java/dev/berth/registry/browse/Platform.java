package dev.berth.registry.browse;

/** What an image runs on, as an index lists it for each child. */
public record Platform(String os, String architecture, String variant) {

    /** From the {@code os/architecture[/variant]} form the manifest parser keeps. */
    static Platform parse(String text) {
        String[] parts = text.split("/", 3);
        return new Platform(parts[0], parts.length > 1 ? parts[1] : null, parts.length > 2 ? parts[2] : null);
    }
}
