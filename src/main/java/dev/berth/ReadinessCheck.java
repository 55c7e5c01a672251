package dev.berth;

import java.net.HttpURLConnection;
import java.net.URI;

/**
 * A container health check that needs nothing but the JVM (the image has no curl or shell):
 * {@code java -cp /app/classes dev.berth.ReadinessCheck} exits 0 when Berth's readiness probe on
 * this host answers 200, 1 otherwise. The port is {@code SERVER_PORT}, or 5000.
 */
public final class ReadinessCheck {

    private ReadinessCheck() {
    }

    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("SERVER_PORT", "5000");
        try {
            HttpURLConnection connection = (HttpURLConnection) URI
                    .create("http://127.0.0.1:" + port + "/actuator/health/readiness").toURL().openConnection();
            connection.setConnectTimeout(3000);
            connection.setReadTimeout(5000);
            int status = connection.getResponseCode();
            System.exit(status == 200 ? 0 : 1);
        } catch (Exception e) {
            System.err.println("readiness check failed: " + e);
            System.exit(1);
        }
    }
}
