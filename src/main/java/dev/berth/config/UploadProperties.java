package dev.berth.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Blob upload sessions.
 *
 * @param expiry        how long an idle upload session is kept before it and its bytes are removed
 * @param purgeInterval how often expired sessions are looked for
 */
@ConfigurationProperties("berth.uploads")
public record UploadProperties(@DefaultValue("24h") Duration expiry, @DefaultValue("15m") Duration purgeInterval) {
}
