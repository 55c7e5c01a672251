package dev.berth.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.SslBundles;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * Berth serving a certificate of the test's own CA from berth.tls.certificate-file and key-file:
 * HTTPS with HTTP/2 (ALPN h2) and HTTP/1.1, challenges whose realm says https, TLS 1.2 and 1.3 but
 * not 1.1, a clean refusal of plain HTTP on the port, and a certificate replaced on disk served to
 * new connections without a restart.
 */
class TlsServingTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path temp;

    private static LocalCertificateAuthority ca;
    private static Path certificateFile;
    private static Path keyFile;
    private static StandaloneBerth berth;
    private static SSLContext trustingCa;
    private static String base;

    @BeforeAll
    static void startBerthWithACertificateOfItsOwn() throws Exception {
        ca = LocalCertificateAuthority.create("tls-serving-test", Instant.now());
        Path tls = Files.createDirectories(temp.resolve("certs"));
        certificateFile = tls.resolve("tls.crt");
        keyFile = tls.resolve("tls.key");
        write(ca.issue(List.of("localhost", "127.0.0.1"), Instant.now(), Duration.ofDays(30)));
        berth = StandaloneBerth.start(Files.createDirectories(temp.resolve("data")),
                "berth.tls.certificate-file=" + certificateFile, "berth.tls.key-file=" + keyFile,
                // Renewals are noticed 10 s after the last write by default; the test need not wait that long.
                "spring.ssl.bundle.watch.file.quiet-period=200ms");
        trustingCa = trusting(ca.certificate());
        base = "https://localhost:" + berth.port();
    }

    @AfterAll
    static void stopBerth() {
        if (berth != null) {
            berth.close();
        }
    }

    @Test
    void https_http2AndHttp11_challengeRealmSaysHttps() throws Exception {
        HttpResponse<String> h2 = client(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(URI.create(base + "/v2/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> h11 = client(HttpClient.Version.HTTP_1_1).send(HttpRequest.newBuilder(
                URI.create(base + "/v2/")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(h11.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        for (HttpResponse<String> response : List.of(h2, h11)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer realm=\"" + base + "/token\""));
        }
        HttpResponse<String> token = client(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(
                        URI.create(base + "/token?service=berth&scope=repository:tls/app:push,pull"))
                .header("Authorization", RegistryClient.basic("admin", BerthHttpTest.ADMIN_PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        HttpResponse<String> upload = client(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(
                        URI.create(base + "/v2/tls/app/blobs/uploads/"))
                .header("Authorization", RegistryClient.basic("admin", BerthHttpTest.ADMIN_PASSWORD))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isEqualTo(202);
        // Relative, so it resolves against the https URL the client used (berth.external-url unset).
        assertThat(upload.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(URI.create(base + "/").resolve(location).toString()).startsWith(base + "/v2/tls/app/blobs/uploads/"));
    }

    @Test
    void handshake_tls12And13Accepted_tls11Refused() throws Exception {
        assertThat(handshake("TLSv1.2").getSession().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(handshake("TLSv1.3").getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(berth.bean(SslBundles.class).getBundle(TlsEnvironment.BUNDLE).getOptions().getEnabledProtocols())
                .containsExactly("TLSv1.2", "TLSv1.3");

        // The JDK's own client refuses to offer TLS 1.1, so the test speaks it byte by byte.
        byte[] answer = exchange(tls11ClientHello(), 7);
        assertThat(answer).as("the server answers a TLS 1.1 hello with an alert, never a ServerHello").isNotEmpty();
        assertThat(answer[0]).as("record type 21: alert").isEqualTo((byte) 21);
        assertThat(answer[6]).as("alert protocol_version (70) or handshake_failure (40)").isIn((byte) 70, (byte) 40);
    }

    @Test
    void plainHttp_toTheTlsPort_isAnswered400AtOnce() throws Exception {
        byte[] request = ("GET /v2/ HTTP/1.1\r\nHost: localhost:" + berth.port() + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        String answer = new String(exchange(request, Integer.MAX_VALUE), StandardCharsets.ISO_8859_1);

        // Tomcat recognises a plain request on a TLS port and answers it in plain HTTP, then closes.
        assertThat(answer).startsWith("HTTP/1.1 400").contains("requires TLS");
        assertThat(answer).doesNotContain("WWW-Authenticate", "Docker-Distribution-Api-Version");
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(URI.create("http://localhost:" + berth.port() + "/v2/"))
                            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("requires TLS");
        } catch (HttpTimeoutException e) {
            throw new AssertionError("a plain HTTP client waited 20 s for an answer on the TLS port", e);
        }
    }

    @Test
    void certificateReplacedOnDisk_isServedWithoutARestart() throws Exception {
        BigInteger before = servedSerial();
        LocalCertificateAuthority.Issued renewed = ca.issue(List.of("localhost", "127.0.0.1"), Instant.now(),
                Duration.ofDays(90));
        assertThat(renewed.certificate().getSerialNumber()).isNotEqualTo(before);

        write(renewed);

        long deadline = System.nanoTime() + DEADLINE.toNanos();
        BigInteger served = before;
        while (!served.equals(renewed.certificate().getSerialNumber()) && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling, not timing: the deadline is what is asserted
            served = servedSerial();
        }
        assertThat(served).as("serial served within " + DEADLINE + " of the swap")
                .isEqualTo(renewed.certificate().getSerialNumber());
        HttpResponse<String> response = client(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(
                URI.create(base + "/v2/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    /** The container health check (docker-compose.yml) asks over HTTPS when TLS is on, trusting the served certificate. */
    @Test
    void readinessCheck_withTheCertificateFile_asksOverHttps() throws Exception {
        assertThat(readinessCheck(Map.of("SERVER_PORT", String.valueOf(berth.port()),
                "BERTH_TLS_CERTIFICATE_FILE", certificateFile.toString()))).isZero();
        assertThat(readinessCheck(Map.of("SERVER_PORT", String.valueOf(berth.port())))).as("plain HTTP").isEqualTo(1);
    }

    private static int readinessCheck(Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Path.of("target", "classes").toString(), "dev.berth.ReadinessCheck")
                .redirectErrorStream(true).redirectOutput(temp.resolve("readiness-" + environment.size() + ".log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BERTH_") || name.equals("SERVER_PORT"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("readiness check ended").isTrue();
        return process.exitValue();
    }

    /** Replaces the key, then the chain (server, then CA), each renamed into place as cert-manager and certbot do. */
    private static void write(LocalCertificateAuthority.Issued issued) throws IOException {
        PemFiles.writePrivateKey(keyFile, issued.keys().getPrivate());
        PemFiles.writeCertificates(certificateFile, List.of(issued.certificate(), ca.certificate()));
    }

    private static BigInteger servedSerial() throws IOException {
        try (SSLSocket socket = handshake(null)) {
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    /** A verified handshake (CA and host name) with only {@code protocol} offered, or the defaults when null. */
    private static SSLSocket handshake(String protocol) throws IOException {
        SSLSocket socket = (SSLSocket) trustingCa.getSocketFactory().createSocket("localhost", berth.port());
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocol != null) {
            parameters.setProtocols(new String[] {protocol});
        }
        socket.setSSLParameters(parameters);
        try {
            socket.startHandshake();
        } catch (SSLHandshakeException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).sslContext(trustingCa).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Sends {@code bytes} on a plain socket and reads up to {@code limit} bytes of the answer, until EOF; fails on a hang. */
    private static byte[] exchange(byte[] bytes, int limit) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", berth.port()), 5_000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int read; answer.size() < limit && (read = in.read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, read);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server neither answered nor closed within 20 s; got " + answer.size()
                        + " bytes", e);
            } catch (IOException reset) {
                // a reset after the answer (or instead of one) is a clean end too
            }
            return answer.toByteArray();
        }
    }

    /**
     * A TLS 1.1 ClientHello (RFC 4346 section 7.4.1.2) offering ECDHE and RSA suites with AES-CBC,
     * P-256 and uncompressed points: what a TLS 1.1 client would send.
     */
    private static byte[] tls11ClientHello() {
        ByteBuffer hello = ByteBuffer.allocate(512);
        hello.put((byte) 3).put((byte) 2);                     // client_version TLS 1.1
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        hello.put(random);
        hello.put((byte) 0);                                   // no session id
        short[] suites = {(short) 0xC009, (short) 0xC013, (short) 0xC00A, (short) 0xC014, 0x002F, 0x0035};
        hello.putShort((short) (suites.length * 2));
        for (short suite : suites) {
            hello.putShort(suite);
        }
        hello.put((byte) 1).put((byte) 0);                     // compression: null only
        ByteBuffer extensions = ByteBuffer.allocate(64);
        extensions.putShort((short) 0x000a).putShort((short) 6).putShort((short) 4)
                .putShort((short) 0x0017).putShort((short) 0x0018); // supported_groups: P-256, P-384
        extensions.putShort((short) 0x000b).putShort((short) 2).put((byte) 1).put((byte) 0); // ec_point_formats
        hello.putShort((short) extensions.position()).put(extensions.array(), 0, extensions.position());
        int length = hello.position();
        ByteBuffer record = ByteBuffer.allocate(length + 9);
        record.put((byte) 22).put((byte) 3).put((byte) 1).putShort((short) (length + 4)); // handshake record, TLS 1.0 framing
        record.put((byte) 1).put((byte) 0).putShort((short) length);                    // ClientHello, 24-bit length
        record.put(hello.array(), 0, length);
        return record.array();
    }

    private static SSLContext trusting(X509Certificate authority) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", authority);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
