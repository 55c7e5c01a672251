package dev.berth.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Blob upload sessions.
 *
 * @param expiry        how long an idle upload session is kept before it and its bytes are removed
 * @param purgeInterval how often expired sessions are looked for
 * @param claimTtl      how long a chunk's claim on its session lasts without being renewed: the
 *                      writer renews it while bytes arrive, so this bounds only how soon another
 *                      replica may take over the session of a writer that died or stalled
 */
@ConfigurationProperties("berth.uploads")
public record UploadProperties(@DefaultValue("24h") Duration expiry, @DefaultValue("15m") Duration purgeInterval,
                               @DefaultValue("2m") Duration claimTtl) {
}
