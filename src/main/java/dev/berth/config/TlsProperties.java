package dev.berth.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * HTTPS served by Berth itself, on {@code server.port}. Off unless a certificate is given or
 * {@code selfSigned} is on.
 *
 * @param certificateFile the PEM certificate chain to serve (the server's certificate first); with
 *                        {@code keyFile}, read again whenever either file changes
 * @param keyFile         the PEM private key of that certificate (PKCS#8, PKCS#1 RSA or SEC1 EC), unencrypted
 * @param selfSigned      make a local CA and a server certificate under {@code <data-dir>/tls/} on the
 *                        first start, and reuse them afterwards
 * @param hosts           the names and addresses the self-signed certificate is for; empty: localhost,
 *                        127.0.0.1, ::1 and the machine's host name
 * @param renewBefore     a self-signed server certificate expiring sooner than this is issued again
 */
@ConfigurationProperties("berth.tls")
public record TlsProperties(Path certificateFile,
                            Path keyFile,
                            @DefaultValue("false") boolean selfSigned,
                            @DefaultValue List<String> hosts,
                            @DefaultValue("30d") Duration renewBefore) {

    /** Whether Berth serves HTTPS at all. */
    public boolean enabled() {
        return selfSigned || certificateFile != null || keyFile != null;
    }
}
