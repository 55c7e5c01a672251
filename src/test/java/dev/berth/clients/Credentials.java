package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.support.BerthHttpTest;

/**
 * What a client logs in with: a username and its secret, a password or an access token. Clients
 * get the secret on stdin ({@code --password-stdin}) wherever they can, so it stays out of command
 * lines and failure messages. {@link ClientTest} makes accounts other than admin.
 */
record Credentials(String username, String secret) {

    /** The administrator every test server starts with: may do anything anywhere. */
    static Credentials admin() {
        return new Credentials("admin", BerthHttpTest.ADMIN_PASSWORD);
    }

    /**
     * Asserts the client failed because the registry refused it: clients print the OCI error code
     * ({@code denied}, {@code unauthorized}) or its message, on stdout or stderr depending on the client.
     */
    static void assertRefused(Processes.Result result) {
        assertThat(result.succeeded()).as(result.describe()).isFalse();
        assertThat((result.stdout() + result.stderr()).toLowerCase()).as(result.describe())
                .containsAnyOf("denied", "unauthorized", "authentication required");
    }

    /** {@code username:secret}, for the few clients that take credentials only as an argument ({@code ctr --user}). */
    String pair() {
        return username + ":" + secret;
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", secret hidden]";
    }
}
