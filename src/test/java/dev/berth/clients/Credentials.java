package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;

import dev.berth.auth.AccessTokens;
import dev.berth.auth.Action;
import dev.berth.auth.Namespaces;
import dev.berth.auth.Role;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.support.BerthHttpTest;

/**
 * What a client logs in with: a username and its secret, a password or an access token. The
 * factories make accounts straight through the domain beans (the tests share Berth's JVM), each
 * with a name no other test uses. Clients get the secret on stdin ({@code --password-stdin})
 * wherever they can, so it stays out of command lines and failure messages.
 */
record Credentials(String username, String secret) {

    /** The administrator every test server starts with: may do anything anywhere. */
    static Credentials admin() {
        return new Credentials("admin", BerthHttpTest.ADMIN_PASSWORD);
    }

    /** A new user with a password, owner of the namespace named after them and of nothing else. */
    static Credentials newUser(Users users) {
        String name = "user" + unique();
        String password = "password-" + UUID.randomUUID();
        users.create(name, password, false);
        return new Credentials(name, password);
    }

    /**
     * A new robot {@code <namespace>+ci}, a member of {@code namespace} with {@code role}, logging in
     * with an access token limited to {@code namespace} and {@code actions}.
     */
    static Credentials newRobot(Users users, Namespaces namespaces, AccessTokens tokens, String namespace,
                                Role role, Set<Action> actions) {
        UserAccount robot = users.create(namespace + Users.ROBOT_SEPARATOR + "ci", null, false);
        namespaces.setMember(namespace, robot.id(), role);
        return new Credentials(robot.username(), null).withAccessToken(users, tokens, namespace, actions);
    }

    /**
     * The same user logging in with a new access token, limited to {@code namespace} and
     * {@code actions} (null: no limit).
     */
    Credentials withAccessToken(Users users, AccessTokens tokens, String namespace, Set<Action> actions) {
        long id = users.find(username).orElseThrow().id();
        return new Credentials(username, tokens.create(id, "client test", namespace, actions, null).secret());
    }

    /** A namespace name no other test uses. */
    static String newNamespace(String prefix) {
        return prefix + unique();
    }

    /** {@code username:secret}, for the few clients that take credentials only as an argument ({@code ctr --user}). */
    String pair() {
        return username + ":" + secret;
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

    @Override
    public String toString() {
        return "Credentials[" + username + ", secret hidden]";
    }

    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
