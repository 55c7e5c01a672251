package dev.berth.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Events and webhook delivery.
 *
 * @param deliver             whether this replica sends deliveries (events are recorded regardless)
 * @param allowPrivateTargets whether webhooks may target loopback, private and link-local addresses
 * @param allowedTargets      hosts (names or addresses) webhooks may target even when private
 * @param timeout             how long a receiver may take to connect and answer
 * @param maxAge              how long a delivery is retried before it is marked failed
 * @param disableAfter        a subscription whose deliveries failed without a success for this long is disabled
 * @param pollInterval        how often the delivery worker looks for due work it was not told about
 * @param concurrency         deliveries one replica sends at once
 */
@ConfigurationProperties("berth.events")
public record EventProperties(@DefaultValue("true") boolean deliver,
                              @DefaultValue("false") boolean allowPrivateTargets,
                              @DefaultValue List<String> allowedTargets,
                              @DefaultValue("10s") Duration timeout,
                              @DefaultValue("24h") Duration maxAge,
                              @DefaultValue("3d") Duration disableAfter,
                              @DefaultValue("1s") Duration pollInterval,
                              @DefaultValue("8") int concurrency) {
}
