package dev.berth.metadata;

/** A manifest whose subject is {@code subjectDigest}. */
public record ReferrerRow(String subjectDigest, String digest, String mediaType, String artifactType, Long size) {
}
