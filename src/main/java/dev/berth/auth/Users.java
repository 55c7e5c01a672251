package dev.berth.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.metadata.UserRows;
import dev.berth.metadata.UserRows.UserRow;
import dev.berth.oci.RepositoryName;

/** User and robot accounts: creation, look-up and password checks. */
@Service
public class Users {

    /** Usernames become namespaces, so they follow one path component of the repository grammar. */
    public static final int MAX_USERNAME_LENGTH = 64;
    /** Separates a robot's namespace from its name: {@code team+ci}. No repository name holds it. */
    public static final char ROBOT_SEPARATOR = '+';

    private final UserRows users;
    private final PasswordEncoder passwords;
    private final Clock clock;
    /** Spares a query per request for Basic and live checks; a change shows within seconds. */
    private final ExpiringCache<String, Optional<UserAccount>> byName;
    /**
     * Checked against when the user has no password, so every failure costs the same time. Made on
     * first need: a bcrypt hash is slow on purpose, and start-up should not pay for it.
     */
    private volatile String dummyHash;

    Users(UserRows users, PasswordEncoder passwords, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
        this.byName = new ExpiringCache<>(Duration.ofSeconds(5), 10_000, clock);
    }

    public static boolean isValidUsername(String username) {
        return username != null && username.length() <= MAX_USERNAME_LENGTH && username.indexOf('/') < 0
                && RepositoryName.isValid(username);
    }

    public static boolean isValidRobotName(String name) {
        int separator = name == null ? -1 : name.indexOf(ROBOT_SEPARATOR);
        return separator > 0 && name.length() <= MAX_USERNAME_LENGTH
                && isValidUsername(name.substring(0, separator)) && isValidUsername(name.substring(separator + 1));
    }

    /** The namespace a robot belongs to. */
    public static String robotNamespace(String robotName) {
        return robotName.substring(0, robotName.indexOf(ROBOT_SEPARATOR));
    }

    public Optional<UserAccount> find(String username) {
        if (username == null || username.isEmpty()) {
            return Optional.empty();
        }
        Optional<Optional<UserAccount>> cached = byName.get(username);
        if (cached.isPresent()) {
            return cached.get();
        }
        Optional<UserAccount> found = users.find(username).map(UserAccount::of);
        byName.put(username, found);
        return found;
    }

    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            hash = passwords.encode(java.util.UUID.randomUUID().toString());
            dummyHash = hash;
        }
        return hash;
    }

    public Optional<UserAccount> find(long id) {
        return users.find(id).map(UserAccount::of);
    }

    /** Whether {@code password} is the user's; false for robots, which have none. */
    @Transactional(readOnly = true)
    public boolean passwordMatches(String username, String password) {
        String hash = users.find(username).map(UserRow::passwordHash).orElse(null);
        if (hash == null) {
            // Hash anyway, so a wrong username takes as long as a wrong password.
            passwords.matches(password, dummyHash());
            return false;
        }
        return passwords.matches(password, hash);
    }


    /**
     * Creates a user, or a robot when {@code password} is null and the name is a robot name.
     *
     * @throws IllegalArgumentException when the name is invalid or taken
     */
    @Transactional
    public UserAccount create(String username, String password, boolean admin) {
        boolean robot = password == null;
        if (robot ? !isValidRobotName(username) : !isValidUsername(username)) {
            throw new IllegalArgumentException(robot
                    ? "a robot name is <namespace>+<name>, each lowercase letters, digits and separators"
                    : "a username is lowercase letters and digits, optionally separated by '.', '_' or '-', "
                            + "at most " + MAX_USERNAME_LENGTH + " characters");
        }
        if (users.exists(username)) {
            throw new IllegalArgumentException("the username " + username + " is taken");
        }
        try {
            UserRow saved = users.insert(username, robot ? null : passwords.encode(password), admin, robot,
                    UserRows.LOCAL, null, clock.instant());
            byName.remove(username);
            return UserAccount.of(saved);
        } catch (DataIntegrityViolationException e) {
            throw new IllegalArgumentException("the username " + username + " is taken");
        }
    }

    /**
     * Creates an account that signs in through {@code origin} ({@code ldap}, {@code oidc:<id>}) and has
     * no password of its own.
     *
     * @throws IllegalArgumentException when the name is invalid or taken
     */
    @Transactional
    public UserAccount createExternal(String username, String origin, String externalSubject) {
        if (!isValidUsername(username)) {
            throw new IllegalArgumentException(username + " is not a valid Berth username");
        }
        if (users.exists(username)) {
            throw new IllegalArgumentException("the username " + username + " is taken");
        }
        try {
            UserRow saved = users.insert(username, null, false, false, origin, externalSubject, clock.instant());
            byName.remove(username);
            return UserAccount.of(saved);
        } catch (DataIntegrityViolationException e) {
            throw new IllegalArgumentException("the username " + username + " is taken");
        }
    }

    /** The account that {@code origin} knows as {@code externalSubject} (an OIDC {@code sub}). */
    public Optional<UserAccount> findExternal(String origin, String externalSubject) {
        return users.findExternal(origin, externalSubject).map(UserAccount::of);
    }

    /** Records what the account's source now calls it (an LDAP entry renamed). */
    @Transactional
    public void changeExternalSubject(long id, String externalSubject) {
        users.setExternalSubject(id, externalSubject);
    }

    /** @throws IllegalArgumentException for an external account, which has no Berth password */
    @Transactional
    public void changePassword(long id, String password) {
        UserRow user = users.find(id).orElseThrow();
        if (!UserRows.LOCAL.equals(user.origin())) {
            throw new IllegalArgumentException(user.username() + " signs in through " + user.origin()
                    + " and has no Berth password");
        }
        users.changePasswordHash(id, passwords.encode(password));
        byName.remove(user.username());
    }

    @Transactional
    public UserAccount change(long id, Boolean admin, Boolean enabled) {
        UserRow user = users.find(id).orElseThrow();
        users.setFlags(id, admin == null ? user.admin() : admin, enabled == null ? user.enabled() : enabled);
        byName.remove(user.username());
        return UserAccount.of(users.find(id).orElseThrow());
    }

    @Transactional
    public void delete(long id) {
        users.find(id).ifPresent(user -> {
            users.delete(id);
            byName.remove(user.username());
        });
    }

    public boolean exists(String username) {
        return users.exists(username);
    }
}
