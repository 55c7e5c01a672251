package dev.berth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.auth.Users;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * Password guessing over HTTP, on a Berth of its own (a throttled address would throttle every
 * other test sharing the server): three failures within two seconds block even the right password
 * with 429 and Retry-After, until the window has passed.
 */
class LoginRateLimitTest {

    private static final String PASSWORD = "the-right-password";

    @TempDir
    static Path dataDir;

    private static StandaloneBerth berth;
    private RegistryClient anonymous;
    private String username;

    @BeforeAll
    static void start() {
        berth = StandaloneBerth.start(dataDir, "berth.auth.login-rate-limit.max-failures=3",
                "berth.auth.login-rate-limit.window=2s");
    }

    @AfterAll
    static void stop() {
        if (berth != null) {
            berth.close();
        }
    }

    @BeforeEach
    void user() throws InterruptedException {
        // Failures of the previous test from this address must have left the window.
        Thread.sleep(2100);
        anonymous = berth.client().anonymous();
        username = "guess" + System.nanoTime();
        berth.bean(Users.class).create(username, PASSWORD, false);
    }

    @Test
    void token_afterMaxFailures_refusesEvenTheRightPasswordUntilTheWindowPasses() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            assertThat(anonymous.withBasic(username, "wrong" + i).get(tokenPath()).statusCode()).isEqualTo(401);
        }

        HttpResponse<byte[]> throttled = anonymous.withBasic(username, PASSWORD).get(tokenPath());

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 2L));
        assertThat(RegistryClient.text(throttled)).doesNotContain("\"token\"");
        Thread.sleep(2100);
        assertThat(anonymous.withBasic(username, PASSWORD).get(tokenPath()).statusCode()).isEqualTo(200);
    }

    @Test
    void basicOnV2_afterMaxFailures_refusesEvenTheRightPasswordUntilTheWindowPasses() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            assertThat(anonymous.withBasic(username, "wrong" + i).get("/v2/").statusCode()).isEqualTo(401);
        }

        HttpResponse<byte[]> throttled = anonymous.withBasic(username, PASSWORD).get("/v2/");

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(RegistryClient.text(throttled)).contains("TOOMANYREQUESTS");
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        Thread.sleep(2100);
        assertThat(anonymous.withBasic(username, PASSWORD).get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void basicOnV2_rightPasswordUsedJustBefore_doesNotEscapeTheThrottle() throws InterruptedException {
        assertThat(anonymous.withBasic(username, PASSWORD).get("/v2/").statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(anonymous.withBasic(username, "wrong" + i).get("/v2/").statusCode()).isEqualTo(401);
        }

        HttpResponse<byte[]> throttled = anonymous.withBasic(username, PASSWORD).get("/v2/");

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        Thread.sleep(2100);
        assertThat(anonymous.withBasic(username, PASSWORD).get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void token_failuresFromOneAddressForManyUsers_throttleTheAddress() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            assertThat(anonymous.withBasic("nosuchuser" + i, "wrong").get(tokenPath()).statusCode()).isEqualTo(401);
        }

        HttpResponse<byte[]> throttled = anonymous.withBasic(username, PASSWORD).get(tokenPath());

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        Thread.sleep(2100);
        assertThat(anonymous.withBasic(username, PASSWORD).get(tokenPath()).statusCode()).isEqualTo(200);
    }

    private static String tokenPath() {
        return "/token?service=berth&scope=repository:x/y:pull";
    }
}
