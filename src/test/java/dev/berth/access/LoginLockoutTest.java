package dev.berth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.auth.AccessTokens;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.support.FromAddress;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * A guesser spread over many addresses cannot lock the real user out: wrong passwords from other
 * addresses slow those addresses down, while the user's own machine (no failures of its own) still
 * logs in with the right password, and a valid access token works from anywhere not blocked itself.
 */
class LoginLockoutTest {

    private static final String PASSWORD = "the-right-password";

    @TempDir
    static Path dataDir;

    private static StandaloneBerth berth;

    @BeforeAll
    static void start() {
        berth = StandaloneBerth.start(dataDir, "berth.auth.login-rate-limit.max-failures=3",
                "berth.auth.login-rate-limit.window=1m");
    }

    @AfterAll
    static void stop() {
        if (berth != null) {
            berth.close();
        }
    }

    @Test
    void wrongPasswordsFromManyAddresses_doNotLockOutTheUsersPasswordOrAccessToken() {
        String username = "victim" + System.nanoTime();
        UserAccount victim = berth.bean(Users.class).create(username, PASSWORD, false);
        String accessToken = berth.bean(AccessTokens.class).create(victim.id(), "ci", null, null, null).secret();
        String tokenPath = "/token?service=berth&scope=repository:" + username + "/app:pull";
        int round = 0;
        for (String path : new String[] {tokenPath, "/v2/", "/api/v1/me"}) {
            round++;
            String guessers = "127.0." + round + ".";
            for (int i = 2; i <= 5; i++) {
                assertThat(FromAddress.get(guessers + i, berth.port(), path,
                        RegistryClient.basic(username, "guess-" + i))).as(path).isEqualTo(401);
            }

            int guessAgain = FromAddress.get(guessers + 2, berth.port(), path, RegistryClient.basic(username, "guess"));
            int ciToken = FromAddress.get(guessers + 3, berth.port(), path, RegistryClient.basic(username, accessToken));
            int ownMachine = FromAddress.get(guessers + 100, berth.port(), path, RegistryClient.basic(username, PASSWORD));

            assertThat(guessAgain).as("a guesser's address, " + path).isEqualTo(429);
            assertThat(ciToken).as("the user's access token, " + path).isEqualTo(200);
            assertThat(ownMachine).as("the user's own machine, " + path).isEqualTo(200);
        }
    }
}
