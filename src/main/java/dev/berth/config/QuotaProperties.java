package dev.berth.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.unit.DataSize;

/**
 * Storage quotas.
 *
 * @param defaultQuota the quota of a namespace that has none of its own; unset: unlimited
 */
@ConfigurationProperties("berth.quota")
public record QuotaProperties(@Name("default") DataSize defaultQuota) {
}
