package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.berth.auth.Namespaces;
import dev.berth.auth.Role;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.identity.ExternalAccounts;
import dev.berth.identity.ExternalIdentity;
import dev.berth.support.BerthProcess;
import dev.berth.support.OpenIdProvider;
import dev.berth.support.StandaloneBerth;

/**
 * Sign-in for people through a real OpenID provider (Spring Authorization Server in its own JVM,
 * {@link OpenIdProvider}) in a real headless Chromium: the login page's "Sign in with" button, the
 * provider's own login form, the authorization code with PKCE (the provider refuses a request
 * without it) and the ID token checked against its JWKS, back to the UI signed in. The first
 * sign-in makes the external account and the group mapping gives it its role; a person disabled in
 * Berth is sent back to the login page however valid the provider's answer.
 * <p>
 * Berth is served as {@code localhost} and the provider as {@code 127.0.0.1}: the browser keeps
 * their session cookies apart, as it would for two real hosts.
 */
class OidcBrowserSignInTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;
    @TempDir
    static Path logs;
    @TempDir
    Path temp;

    private static StandaloneBerth berth;
    private static OpenIdProvider provider;
    private static int providerPort;

    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    static void start() {
        providerPort = BerthProcess.freePort();
        berth = StandaloneBerth.start(dataDir, "berth.auth.oidc.providers[0].id=corp",
                "berth.auth.oidc.providers[0].display-name=Corp SSO",
                "berth.auth.oidc.providers[0].issuer-uri=" + OpenIdProvider.issuer(providerPort),
                "berth.auth.oidc.providers[0].client-id=berth",
                "berth.auth.oidc.providers[0].client-secret=provider-client-secret",
                // A provider whose client secret was rotated there and not here: its token endpoint refuses Berth.
                "berth.auth.oidc.providers[1].id=stale",
                "berth.auth.oidc.providers[1].display-name=Stale SSO",
                "berth.auth.oidc.providers[1].issuer-uri=" + OpenIdProvider.issuer(providerPort),
                "berth.auth.oidc.providers[1].client-id=berth-stale",
                "berth.auth.oidc.providers[1].client-secret=the-secret-before-rotation",
                "berth.auth.group-mappings[0].group=platform-team", "berth.auth.group-mappings[0].namespace=platform",
                "berth.auth.group-mappings[0].role=owner");
        provider = OpenIdProvider.start(logs.resolve("provider.log"), providerPort, List.of(
                new OpenIdProvider.Client("berth", "provider-client-secret",
                        "http://localhost:" + berth.port() + "/login/oauth2/code/corp"),
                new OpenIdProvider.Client("berth-stale", "the-secret-after-rotation",
                        "http://localhost:" + berth.port() + "/login/oauth2/code/stale")),
                new OpenIdProvider.Person("alice", "alice-password", List.of("platform-team", "everyone")),
                new OpenIdProvider.Person("bob", "bob-password", List.of("everyone")),
                new OpenIdProvider.Person("carol", "carol-password", List.of("everyone")));
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
        if (berth != null) {
            berth.close();
        }
    }

    @BeforeEach
    void startBrowser() throws IOException {
        browser = HeadlessChromium.start(temp);
        wait = new WebDriverWait(browser, WAIT);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void personSignsInThroughTheProvider_firstSignInMakesTheAccount_groupsGiveTheRole() {
        signInAtProvider("alice", "alice-password");

        wait.until(ExpectedConditions.textToBe(By.id("current-user"), "alice"));
        UserAccount alice = berth.bean(Users.class).find("alice").orElseThrow();
        assertThat(alice.origin()).isEqualTo("oidc:corp");
        assertThat(alice.externalSubject()).isEqualTo("alice");
        assertThat(berth.bean(Namespaces.class).memberRole("platform", alice.id())).contains(Role.OWNER);
        // The code in the address bar was exchanged and removed; nothing was left in a cookie or in storage.
        assertThat(browser.getCurrentUrl()).doesNotContain("code=");
        assertThat(browser.manage().getCookies()).isEmpty();
    }

    @Test
    void personDisabledInBerth_isSentBackToTheLoginPage_withTheReason() {
        UserAccount bob = berth.bean(ExternalAccounts.class).signInBySubject(
                new ExternalIdentity("oidc:corp", "bob", "bob", Set.of("everyone")));
        berth.bean(Users.class).change(bob.id(), null, false);

        signInAtProvider("bob", "bob-password");

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(browser.findElement(By.id("login-error")).getText()).isNotBlank();
        assertThat(browser.getCurrentUrl()).contains("#/login");
        assertThat(berth.bean(Users.class).find("bob").orElseThrow().enabled()).isFalse();
        assertThat(browser.findElements(By.id("current-user")).stream().map(e -> e.getText()))
                .doesNotContain("bob");
    }

    @Test
    void providerRefusesBerthAtItsTokenEndpoint_personIsSentBackToTheLoginPage_andNoAccountIsMade() {
        signInAtProvider("stale", "carol", "carol-password");

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        // The reason shown carries the provider's own answer from its token endpoint.
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("invalid_client");
        assertThat(browser.getCurrentUrl()).contains("#/login").doesNotContain("code=");
        assertThat(berth.bean(Users.class).find("carol")).isEmpty();
    }

    private void signInAtProvider(String name, String password) {
        signInAtProvider("corp", name, password);
    }

    /** From Berth's login page through the provider's login form, back to Berth. */
    private void signInAtProvider(String providerId, String name, String password) {
        browser.get("http://localhost:" + berth.port() + "/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in-" + providerId))).click();
        wait.until(ExpectedConditions.urlContains("127.0.0.1:" + providerPort + "/login"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("localhost:" + berth.port()));
    }
}
