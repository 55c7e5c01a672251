package dev.berth.config;

import java.net.URI;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Top-level settings.
 *
 * @param dataDir     where Berth keeps its state by default: blobs, uploads and the embedded database
 * @param externalUrl the URL clients reach Berth at (behind a proxy); when unset, {@code Location}
 *                    headers are relative, so they resolve against whatever URL the client used
 */
@ConfigurationProperties("berth")
public record BerthProperties(@DefaultValue("./data") Path dataDir, URI externalUrl) {
}
