package dev.berth.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import dev.berth.config.BerthProperties;
import dev.berth.config.TlsProperties;

/**
 * Once the server listens, says what it serves: the certificate (subject, serial, expiry, hosts;
 * never the key), and in self-signed mode the one line each client needs to trust the local CA for
 * this host and port.
 */
@Component
class TlsStartupLog implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(TlsStartupLog.class);

    private final TlsProperties tls;
    private final BerthProperties berth;

    TlsStartupLog(TlsProperties tls, BerthProperties berth) {
        this.tls = tls;
        this.berth = berth;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (!tls.enabled() || event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        int port = event.getWebServer().getPort();
        SelfSignedCertificates selfSigned = new SelfSignedCertificates(berth.dataDir());
        CertificateFiles files;
        try {
            files = tls.selfSigned() ? CertificateFiles.check(selfSigned.serverCertificate(), selfSigned.serverKey())
                    : CertificateFiles.check(tls.certificateFile(), tls.keyFile());
        } catch (IllegalStateException changedSinceTheCheck) {
            // The files passed at start and the server has loaded them; a renewal may be half written now.
            log.warn("TLS: HTTPS on port {}; the certificate files cannot be described right now: {}", port,
                    changedSinceTheCheck.getMessage());
            return;
        }
        X509Certificate leaf = files.leaf();
        Set<String> hosts = LocalCertificateAuthority.hosts(leaf);
        log.info("TLS: HTTPS (HTTP/1.1 and HTTP/2, TLS 1.2 and 1.3) on port {} with {}, serial {}, valid until {},"
                        + " for {}; reloaded when {} or {} changes", port, leaf.getSubjectX500Principal(),
                leaf.getSerialNumber().toString(16), leaf.getNotAfter().toInstant(), hosts,
                files.certificateFile(), files.keyFile());
        if (tls.selfSigned()) {
            String hostPort = clientHost(hosts) + ":" + port;
            for (String line : clientLines(selfSigned.caCertificate().toAbsolutePath(), hostPort)) {
                log.info("TLS: {}", line);
            }
        }
    }

    /** What docker, podman/skopeo and containerd each need to trust the CA for {@code hostPort}. */
    static List<String> clientLines(Path ca, String hostPort) {
        return List.of(
                "clients trust the local CA " + ca + "; for " + hostPort
                        + " (likewise for the other names in berth.tls.hosts):",
                "  docker:         cp " + ca + " /etc/docker/certs.d/" + hostPort + "/ca.crt",
                "  podman, skopeo: cp " + ca + " /etc/containers/certs.d/" + hostPort
                        + "/ca.crt (or --cert-dir a directory holding only ca.crt)",
                "  containerd:     ca = \"" + ca + "\" under [host.\"https://" + hostPort
                        + "\"] in /etc/containerd/certs.d/" + hostPort + "/hosts.toml");
    }

    /** The name clients most likely use: the first that is not a loopback name or address. */
    private static String clientHost(Set<String> hosts) {
        for (String host : hosts) {
            if (!host.equals("localhost") && !host.startsWith("127.") && !host.equals("0:0:0:0:0:0:0:1")) {
                return host.contains(":") ? "[" + host + "]" : host;
            }
        }
        return "localhost";
    }
}
