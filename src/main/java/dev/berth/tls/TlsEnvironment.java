package dev.berth.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.berth.config.TlsProperties;

/**
 * Turns {@code berth.tls.*} into Spring Boot's SSL settings before the web server exists: a PEM SSL
 * bundle named {@value #BUNDLE} over the two files, reloaded when they change
 * ({@code spring.ssl.bundle.watch.file.quiet-period} after the last write), TLS 1.2 and 1.3 only,
 * served on {@code server.port} with HTTP/2 next to HTTP/1.1. In self-signed mode it first makes or
 * renews the files under {@code <data-dir>/tls/}. The files are checked here, so a bad setting stops
 * the start with a message that names it. These settings come last: an operator's own
 * {@code server.http2.enabled} or bundle options still win.
 */
public class TlsEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String BUNDLE = "berth";
    static final String PROPERTY_SOURCE = "berthTls";

    private final Log log;

    public TlsEnvironment(DeferredLogFactory logs) {
        this.log = logs.getLog(TlsEnvironment.class);
    }

    /** After the configuration files and the command line are read, so berth.tls.* is complete. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        TlsProperties tls = Binder.get(environment).bindOrCreate("berth.tls", TlsProperties.class);
        if (!tls.enabled()) {
            return;
        }
        CertificateFiles files = warnIfExpired(served(tls, dataDir(environment)));
        Map<String, Object> settings = new LinkedHashMap<>();
        String bundle = "spring.ssl.bundle.pem." + BUNDLE + ".";
        settings.put(bundle + "keystore.certificate", "file:" + files.certificateFile().toAbsolutePath());
        settings.put(bundle + "keystore.private-key", "file:" + files.keyFile().toAbsolutePath());
        settings.put(bundle + "reload-on-update", "true");
        settings.put(bundle + "options.enabled-protocols", "TLSv1.2,TLSv1.3");
        settings.put("server.ssl.bundle", BUNDLE);
        settings.put("server.http2.enabled", "true");
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, settings));
    }

    /** The files to serve: the configured pair, or the self-signed pair (made or renewed first). */
    private CertificateFiles served(TlsProperties tls, Path dataDir) {
        if (tls.selfSigned()) {
            if (tls.certificateFile() != null || tls.keyFile() != null) {
                throw new IllegalStateException("berth.tls.self-signed=true makes its own certificate: unset "
                        + CertificateFiles.CERTIFICATE_SETTING + " and " + CertificateFiles.KEY_SETTING
                        + ", or turn berth.tls.self-signed off to serve them");
            }
            SelfSignedCertificates selfSigned = new SelfSignedCertificates(dataDir);
            try {
                selfSigned.ensure(SelfSignedCertificates.hosts(tls),
                        Instant.now(), tls.renewBefore()).ifPresent(made -> log.info("TLS: made " + made));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("berth.tls.self-signed: cannot make the certificates under "
                        + selfSigned.serverCertificate().getParent() + ": " + e.getMessage(), e);
            }
            return CertificateFiles.check(selfSigned.serverCertificate(), selfSigned.serverKey());
        }
        if (tls.certificateFile() == null || tls.keyFile() == null) {
            throw new IllegalStateException(CertificateFiles.CERTIFICATE_SETTING + " and "
                    + CertificateFiles.KEY_SETTING + " go together: set both (the PEM certificate chain and its"
                    + " private key) or neither; only " + (tls.certificateFile() == null
                    ? CertificateFiles.KEY_SETTING : CertificateFiles.CERTIFICATE_SETTING) + " is set");
        }
        return CertificateFiles.check(tls.certificateFile(), tls.keyFile());
    }

    private CertificateFiles warnIfExpired(CertificateFiles files) {
        if (files.leaf().getNotAfter().toInstant().isBefore(Instant.now())) {
            log.warn("TLS: the certificate in " + files.certificateFile() + " expired "
                    + files.leaf().getNotAfter().toInstant() + "; clients will refuse it until it is replaced");
        }
        return files;
    }

    static Path dataDir(ConfigurableEnvironment environment) {
        return Path.of(environment.getProperty("berth.data-dir", "./data"));
    }
}
