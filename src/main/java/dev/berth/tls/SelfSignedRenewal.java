package dev.berth.tls;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.berth.config.BerthProperties;
import dev.berth.config.TlsProperties;

/**
 * Keeps a long-running self-signed Berth from outliving its server certificate: twice a day the
 * certificate is checked as at start, and issued again once it is within
 * {@code berth.tls.renew-before} of its end. The SSL bundle's file watcher then serves the new one.
 */
@Component
@ConditionalOnBooleanProperty("berth.tls.self-signed")
class SelfSignedRenewal {

    private static final Logger log = LoggerFactory.getLogger(SelfSignedRenewal.class);

    private final TlsProperties tls;
    private final SelfSignedCertificates certificates;
    private final Clock clock;

    SelfSignedRenewal(TlsProperties tls, BerthProperties berth, Clock clock) {
        this.tls = tls;
        this.certificates = new SelfSignedCertificates(berth.dataDir());
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 12, initialDelay = 12, timeUnit = java.util.concurrent.TimeUnit.HOURS)
    void renewIfDue() {
        try {
            certificates.ensure(SelfSignedCertificates.hosts(tls), clock.instant(), tls.renewBefore())
                    .ifPresent(made -> log.info("TLS: made {}", made));
        } catch (Exception e) {
            log.error("TLS: cannot renew the self-signed server certificate in {}; the current one stays: {}",
                    certificates.serverCertificate(), e.toString());
        }
    }
}
