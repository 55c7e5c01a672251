package dev.berth.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Online garbage collection.
 *
 * @param enabled        whether collections run on {@code schedule} (on demand they always can)
 * @param schedule       when to collect: a Spring cron expression (second minute hour day month weekday)
 * @param deleteUntagged whether manifests no tag, index or live subject reaches are removed at all
 * @param untaggedGrace  how old such a manifest must be before it is removed: a push tags its
 *                       manifest right away, an index's children are pushed just before it
 * @param blobGrace      how long a blob (and a repository's link to it) may stay unreferenced
 *                       before it is removed: covers a push that uploads layers before its manifest
 */
@ConfigurationProperties("berth.gc")
public record GcProperties(@DefaultValue("true") boolean enabled,
                           @DefaultValue("0 30 3 * * *") String schedule,
                           @DefaultValue("true") boolean deleteUntagged,
                           @DefaultValue("24h") Duration untaggedGrace,
                           @DefaultValue("1h") Duration blobGrace) {
}
