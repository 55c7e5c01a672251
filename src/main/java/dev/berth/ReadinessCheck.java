package dev.berth;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A container health check that needs nothing but the JVM (the image has no curl or shell):
 * {@code java -cp /app/classpath/* dev.berth.ReadinessCheck} exits 0 when Berth's readiness probe on
 * this host answers 200, 1 otherwise. The port is {@code SERVER_PORT}, or 5000. With TLS on
 * ({@code BERTH_TLS_CERTIFICATE_FILE}, or {@code BERTH_TLS_SELF_SIGNED=true}) it asks over HTTPS and
 * trusts exactly the certificate Berth serves from that file: the probe reaches 127.0.0.1, a name
 * the certificate rarely lists, so the pinned certificate stands in for the host name check.
 */
public final class ReadinessCheck {

    private ReadinessCheck() {
    }

    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        String port = environment.getOrDefault("SERVER_PORT", "5000");
        try {
            Path certificate = servedCertificate(environment);
            HttpURLConnection connection = (HttpURLConnection) URI
                    .create((certificate == null ? "http" : "https") + "://127.0.0.1:" + port
                            + "/actuator/health/readiness").toURL().openConnection();
            if (connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(pinned(certificate).getSocketFactory());
                https.setHostnameVerifier((host, session) -> true);
            }
            connection.setConnectTimeout(3000);
            connection.setReadTimeout(5000);
            int status = connection.getResponseCode();
            System.exit(status == 200 ? 0 : 1);
        } catch (Exception e) {
            System.err.println("readiness check failed: " + e);
            System.exit(1);
        }
    }

    /** The PEM chain Berth serves, or null when TLS is off. */
    static Path servedCertificate(Map<String, String> environment) {
        String file = environment.get("BERTH_TLS_CERTIFICATE_FILE");
        if (file != null && !file.isBlank()) {
            return Path.of(file);
        }
        if ("true".equalsIgnoreCase(environment.get("BERTH_TLS_SELF_SIGNED"))) {
            return Path.of(environment.getOrDefault("BERTH_DATA_DIR", "./data"), "tls", "server.crt");
        }
        return null;
    }

    /** Trusts the first certificate of {@code chain} only: the server's own, not the CAs that issued it. */
    static SSLContext pinned(Path chain) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(chain)) {
            X509Certificate server = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificates(in).iterator().next();
            trusted.setCertificateEntry("berth", server);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
