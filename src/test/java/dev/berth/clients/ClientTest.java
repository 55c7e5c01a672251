package dev.berth.clients;

import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;

import dev.berth.auth.AccessTokens;
import dev.berth.auth.Action;
import dev.berth.auth.Namespaces;
import dev.berth.auth.Role;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.support.BerthHttpTest;

/**
 * Base of client tests that log in as someone other than admin. The accounts are made straight
 * through the domain beans (the tests share Berth's JVM), each with a name no other test uses.
 */
abstract class ClientTest extends BerthHttpTest {

    @Autowired
    protected Users users;
    @Autowired
    protected Namespaces namespaces;
    @Autowired
    protected AccessTokens accessTokens;

    /** A new user with a password, owner of the namespace named after them and of nothing else. */
    protected Credentials newUser() {
        String name = "user" + unique();
        String password = "password-" + UUID.randomUUID();
        users.create(name, password, false);
        return new Credentials(name, password);
    }

    /**
     * A new robot {@code <namespace>+ci}, a member of {@code namespace} with {@code role}, logging in
     * with an access token limited to {@code namespace} and {@code actions} (null: all of its role's).
     */
    protected Credentials newRobot(String namespace, Role role, Set<Action> actions) {
        UserAccount robot = users.create(namespace + Users.ROBOT_SEPARATOR + "ci", null, false);
        namespaces.setMember(namespace, robot.id(), role);
        return withAccessToken(new Credentials(robot.username(), null), namespace, actions);
    }

    /**
     * The same user logging in with a new access token instead, limited to {@code namespace} and
     * {@code actions} (null: no limit).
     */
    protected Credentials withAccessToken(Credentials user, String namespace, Set<Action> actions) {
        long id = users.find(user.username()).orElseThrow().id();
        return new Credentials(user.username(),
                accessTokens.create(id, "client test", namespace, actions, null).secret());
    }

    /** A namespace name no other test uses, with no members. */
    protected static String newNamespace(String prefix) {
        return prefix + unique();
    }

    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
