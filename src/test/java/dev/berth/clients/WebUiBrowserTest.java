package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import dev.berth.auth.Namespaces;
import dev.berth.auth.Role;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;
import dev.berth.support.WebhookReceiver;

/**
 * The web UI in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * found like the other clients: skipped locally when missing, failed in CI). skopeo pushes an
 * image; a maintainer logs in, finds the repository, copies a pull command, opens a manifest and
 * deletes a tag; a reader is refused the same. An admin manages users, a namespace, its members and
 * a robot through the admin pages, and a new user creates an access token that then works as a
 * password. An admin subscribes a webhook receiver, sends it a test event and redelivers it.
 * Screenshots of every page go to
 * {@code target/screenshots/} on each run (the README shows copies of them).
 */
class WebUiBrowserTest extends BerthHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String PASSWORD = "browser-test-password";

    @Autowired
    Users users;

    @Autowired
    Namespaces namespaces;

    @TempDir
    Path temp;

    private Path skopeo;
    private Map<String, String> environment;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() throws IOException {
        skopeo = Programs.require("skopeo");
        Path registriesConf = temp.resolve("registries.conf");
        Files.writeString(registriesConf, "");
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        Files.writeString(temp.resolve("auth.json"), "{\"auths\":{}}");
        environment = Map.of("CONTAINERS_REGISTRIES_CONF", registriesConf.toString(), "TMPDIR", tmp.toString(),
                "REGISTRY_AUTH_FILE", temp.resolve("auth.json").toString());
        Files.writeString(temp.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");

        browser = HeadlessChromium.start(temp);
        wait = new WebDriverWait(browser, WAIT);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void maintainerFindsCopiesAndDeletes_readerIsRefused() {
        String namespace = "ui" + UUID.randomUUID().toString().substring(0, 8);
        String repository = namespace + "/web/app";
        String manifestDigest = pushImage(repository, "v1", "v2", "latest");
        pushReferrers(repository, manifestDigest);
        namespaces.ensureExists(namespace);
        UserAccount maintainer = users.create(namespace + "-maintainer", PASSWORD, false);
        UserAccount reader = users.create(namespace + "-reader", PASSWORD, false);
        namespaces.setMember(namespace, maintainer.id(), Role.MAINTAINER);
        namespaces.setMember(namespace, reader.id(), Role.READER);

        browser.get("http://localhost:" + port + "/");
        logIn(maintainer.username());

        // The refresh token survives a reload (sessionStorage); the access token lives in memory only.
        assertThat(((ChromeDriver) browser).executeScript("return sessionStorage.getItem('berth.refreshToken') !== null"
                + " && localStorage.length === 0 && document.cookie === ''")).isEqualTo(true);
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("current-user"), maintainer.username()));

        // Search for the namespace and find the repository.
        WebElement search = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("repository-search")));
        WebElement unfiltered = browser.findElement(By.cssSelector("#main > section"));
        search.clear();
        search.sendKeys(namespace);
        search.submit();
        // The unfiltered list may hold the repository too: wait for the searched page to replace it.
        wait.until(ExpectedConditions.stalenessOf(unfiltered));
        WebElement repositoryRow = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-repository='" + repository + "']")));
        assertThat(browser.findElements(By.cssSelector("tr[data-repository]"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector(".page-range")).getText()).isEqualTo("1–1 of 1");
        screenshot("repositories");

        repositoryRow.findElement(By.linkText(repository)).click();
        WebElement v1 = tagRow("v1");
        assertThat(v1.getText()).contains("linux/amd64").contains("signed").contains("SBOM");
        screenshot("repository");

        // Copy the pull command: it is shown in the page whether or not the clipboard took it.
        v1.findElement(By.cssSelector("button.copy-podman")).click();
        String expected = "podman pull localhost:" + port + "/" + repository + ":v1";
        wait.until(ExpectedConditions.textToBe(By.id("copied-command"), expected));
        assertThat(browser.findElement(By.id("copied-command")).isDisplayed()).isTrue();

        phoneScreenshot("repository-phone", "tr[data-tag]");

        // The manifest of the tag: layers, config, referrers.
        v1.findElement(By.cssSelector("a.tag-link")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-page='manifest'] .section-layers")));
        String manifestPage = browser.findElement(By.id("main")).getText();
        assertThat(manifestPage).contains(manifestDigest).contains("linux/amd64").contains("Layers")
                .contains("Referrers").contains("APP_HOME")
                .contains("/srv/app/bin/server").contains("--port 8080").contains("8080/tcp")
                .contains("org.opencontainers.image.version").contains("COPY app /srv/app");
        fullPageScreenshot("manifest");

        // Delete v2 as the maintainer: the row goes, and so does the tag in /v2.
        browser.navigate().back();
        deleteTag("v2");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr[data-tag='v2']"), 0));
        assertThat(message()).contains("Deleted tag v2");
        assertThat(tagList(repository)).containsExactlyInAnyOrder("v1", "latest");

        // A reader sees the refusal and keeps the tag.
        browser.findElement(By.id("logout")).click();
        logIn(reader.username());
        browser.get("http://localhost:" + port + "/#/r/" + repository);
        deleteTag("v1");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#messages .message.error")));
        assertThat(message()).contains("Could not delete v1").contains("maintainer");
        assertThat(browser.findElements(By.cssSelector("tr[data-tag='v1']"))).hasSize(1);
        assertThat(tagList(repository)).contains("v1");
    }

    @Test
    void adminManagesUsersAndNamespaces_userCreatesAnAccessToken() {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        // "aa…" sorts before "admin" and the other tests' users, so it is on the first page.
        String username = "aa" + suffix;
        String namespace = "aa" + suffix + "ns";

        browser.get("http://localhost:" + port + "/");
        logIn("admin", ADMIN_PASSWORD);

        // Users: the link is there for an admin; a refused create shows the server's reason.
        wait.until(ExpectedConditions.elementToBeClickable(By.id("users-link"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-form")));
        type("new-username", username);
        type("new-user-password", "short");
        browser.findElement(By.id("user-form-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#messages .message.error")));
        assertThat(message()).contains("Could not create the user").contains("password");

        type("new-user-password", PASSWORD);
        browser.findElement(By.id("user-form-submit")).click();
        WebElement userRow = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-user='" + username + "']")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "Created the user " + username));
        assertThat(userRow.findElement(By.cssSelector("td.admin")).getText()).isEqualTo("no");
        assertThat(users.find(username)).isPresent();

        // Make admin and back: the row follows the server's answer.
        userRow.findElement(By.cssSelector("button.toggle-admin")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-user='" + username + "'] td.admin"), "yes"));
        browser.findElement(By.cssSelector("tr[data-user='" + username + "'] button.toggle-admin")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-user='" + username + "'] td.admin"), "no"));
        screenshot("admin-users");

        // A namespace, with the new user as a member, and a robot with a token.
        browser.findElement(By.id("namespaces-link")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("namespace-form")));
        type("new-namespace", namespace);
        browser.findElement(By.id("namespace-form-submit")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("h1.namespace-name"), namespace));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-member='admin']")));

        type("member-username", username);
        new Select(browser.findElement(By.id("member-role"))).selectByValue("writer");
        browser.findElement(By.id("member-form-submit")).click();
        WebElement roleSelect = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("role-" + username)));
        assertThat(roleSelect.getAttribute("value")).isEqualTo("writer");
        new Select(roleSelect).selectByValue("maintainer");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"),
                username + " is now maintainer of " + namespace));

        browser.findElement(By.id("toggle-public")).click();
        wait.until(ExpectedConditions.textToBe(By.id("namespace-public"), "yes"));

        type("robot-name", "ci");
        browser.findElement(By.id("robot-form-submit")).click();
        WebElement robotRow = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-robot='ci']")));
        robotRow.findElement(By.cssSelector("button.robot-tokens")).click();
        type(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("robot-token-description"))), "pipeline");
        browser.findElement(By.id("robot-token-form-submit")).click();
        String robotSecret = secret();
        assertThat(registry.withBasic(namespace + "+ci", robotSecret).get("/v2/").statusCode()).isEqualTo(200);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#robot-token-list tr[data-token]")));
        fullPageScreenshot("admin-namespace");

        // The new user: their account page, their namespace, and an access token that works as a password.
        browser.findElement(By.id("logout")).click();
        logIn(username, PASSWORD);
        assertThat(browser.findElement(By.id("users-link")).isDisplayed()).isFalse();
        browser.findElement(By.id("current-user")).click();
        wait.until(ExpectedConditions.textToBe(By.id("me-username"), username));
        assertThat(browser.findElement(By.cssSelector("tr[data-namespace='" + namespace + "']")).getText())
                .contains("maintainer");
        type("token-description", "laptop");
        browser.findElement(By.id("token-action-delete")).click();
        browser.findElement(By.id("token-form-submit")).click();
        String secret = secret();
        assertThat(browser.findElement(By.id("token-login-hint")).getText())
                .isEqualTo("docker login -u " + username + " --password-stdin localhost:" + port);
        assertThat(registry.withBasic(username, secret).get("/v2/").statusCode()).isEqualTo(200);
        WebElement tokenRow = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#token-list tr[data-token]")));
        assertThat(tokenRow.getText()).contains("laptop").contains("pull, push, delete").contains("never");
        fullPageScreenshot("admin-me");
        phoneScreenshot("admin-me-phone", "#token-list tr[data-token]");

        // Revoke it (two clicks): it stops working at once.
        WebElement revoke = tokenRow.findElement(By.cssSelector("button.revoke-token"));
        revoke.click();
        wait.until(ExpectedConditions.textToBePresentInElement(revoke, "Confirm"));
        revoke.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "Revoked"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#token-list tr[data-token]"),
                "revoked"));
        assertThat(registry.withBasic(username, secret).get("/v2/").statusCode()).isEqualTo(401);

        // A non-admin is refused the users page, with the server's reason.
        browser.get("http://localhost:" + port + "/#/admin/users");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#messages .message.error")));
        assertThat(browser.findElement(By.cssSelector("#main h1")).getText()).isEqualTo("Not allowed");
    }

    /**
     * The webhooks page, on a Berth of its own: the shared server keeps webhooks to loopback refused
     * (berth.events.allow-private-targets is off by default), and the receiver listens on 127.0.0.1.
     */
    @Test
    void adminSubscribesAWebhook_seesItsSecretOnce_andTheTestEventDelivered() throws IOException {
        try (WebhookReceiver receiver = WebhookReceiver.start();
             StandaloneBerth berth = StandaloneBerth.start(Files.createDirectories(temp.resolve("webhooks-berth")),
                     "berth.events.allow-private-targets=true", "berth.events.poll-interval=200ms",
                     "berth.events.timeout=2s")) {
            String url = receiver.url("/hooks/berth");
            browser.get("http://localhost:" + berth.port() + "/");
            logIn("admin", ADMIN_PASSWORD);

            // The header links the page for an admin; with no namespace it lists every subscription.
            wait.until(ExpectedConditions.elementToBeClickable(By.id("webhooks-link"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("webhook-form")));
            assertThat(browser.findElement(By.id("webhook-list")).getText()).contains("No webhooks yet");
            type("webhook-url", url);
            browser.findElement(By.id("webhook-event-tag-deleted")).click();
            browser.findElement(By.id("webhook-form-submit")).click();

            // The secret, once: in the page after creating, and in no later answer.
            WebElement secretField = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.id("new-webhook-secret")));
            String secret = secretField.getAttribute("value");
            assertThat(secret).startsWith("whsec_");
            assertThat(browser.findElement(By.id("copy-webhook-secret")).isDisplayed()).isTrue();
            WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("tr[data-webhook]")));
            assertThat(row.getText()).contains(url).contains("all").contains("manifest.pushed, tag.deleted")
                    .contains("cloudevents").contains("enabled");
            assertThat(message()).contains("Created the webhook").contains("shown only once");
            fullPageScreenshot("webhooks");
            String id = row.getAttribute("data-webhook");
            assertThat(RegistryClient.text(berth.client().get("/api/v1/webhooks/" + id))).doesNotContain(secret);
            browser.navigate().refresh();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-webhook='" + id + "']")));
            assertThat(browser.findElements(By.id("new-webhook-secret"))).isEmpty();
            assertThat(browser.getPageSource()).doesNotContain(secret);

            // Its delivery log: a test event goes out, signed with that secret, and shows as delivered.
            browser.findElement(By.cssSelector("tr[data-webhook='" + id + "'] a.deliveries-link")).click();
            wait.until(ExpectedConditions.textToBe(By.cssSelector("h1.webhook-url"), url));
            assertThat(browser.findElement(By.id("deliveries")).getText()).contains("No deliveries yet");
            browser.findElement(By.id("send-test")).click();
            WebElement delivered = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("tr[data-delivery][data-state='delivered']")));
            assertThat(delivered.getText()).contains("webhook.test").contains("HTTP 204");
            assertThat(delivered.findElement(By.cssSelector("td.attempts")).getText()).isEqualTo("1");
            WebhookReceiver.Received received = receiver.await(r -> r.path().equals("/hooks/berth"), 1, WAIT).get(0);
            assertThat(received.json().get("type").asString()).isEqualTo("dev.berth.webhook.test");
            assertSigned(received, secret);

            // Redeliver: the same webhook-id again, and a second attempt in the log.
            delivered.findElement(By.cssSelector("button.redeliver")).click();
            List<WebhookReceiver.Received> both = receiver.await(r -> r.path().equals("/hooks/berth"), 2, WAIT);
            assertThat(both.get(1).header("webhook-id")).isEqualTo(received.header("webhook-id"));
            wait.until(ExpectedConditions.textToBe(
                    By.cssSelector("tr[data-delivery][data-state='delivered'] td.attempts"), "2"));

            // A receiver that refuses (410: not retried) shows as failed, and the subscription as failing.
            receiver.fail(1, 410);
            browser.findElement(By.id("send-test")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("tr[data-delivery][data-state='failed'] td.last-attempt"), "HTTP 410"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("webhook-status"), "failing since"));
            assertThat(browser.findElements(By.cssSelector("tr[data-delivery]"))).hasSize(2);
            fullPageScreenshot("webhook-deliveries");

            // Disable it, then delete it (two clicks): back on the list, it is gone.
            browser.findElement(By.id("toggle-webhook")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("webhook-status"), "disabled"));
            assertThat(browser.findElement(By.id("toggle-webhook")).getText()).isEqualTo("Enable");
            WebElement delete = browser.findElement(By.cssSelector(".toolbar button.delete-webhook"));
            delete.click();
            wait.until(ExpectedConditions.textToBePresentInElement(delete, "Confirm"));
            delete.click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("webhook-form")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "Deleted the webhook"));
            assertThat(browser.findElements(By.cssSelector("tr[data-webhook]"))).isEmpty();
            assertThat(berth.client().get("/api/v1/webhooks/" + id).statusCode()).isEqualTo(404);
        }
    }

    /** The Standard Webhooks signature, checked with the secret the page showed. */
    private static void assertSigned(WebhookReceiver.Received received, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            mac.update((received.header("webhook-id") + "." + received.header("webhook-timestamp") + ".")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(received.header("webhook-signature"))
                    .isEqualTo("v1," + Base64.getEncoder().encodeToString(mac.doFinal(received.body())));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private void type(String id, String text) {
        type(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id))), text);
    }

    private void type(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    /** The secret of the token just created, shown once in the page. */
    private String secret() {
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token-secret")));
        wait.until(driver -> !field.getAttribute("value").isEmpty());
        return field.getAttribute("value");
    }

    private void logIn(String username) {
        logIn(username, PASSWORD);
    }

    private void logIn(String username, String password) {
        WebElement user = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        if (username.endsWith("-maintainer")) {
            screenshot("login");
        }
        user.sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.textToBe(By.id("current-user"), username));
    }

    private WebElement tagRow(String tag) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-tag='" + tag + "']")));
    }

    /** Delete asks twice: the first click arms the button, the second deletes. */
    private void deleteTag(String tag) {
        WebElement button = tagRow(tag).findElement(By.cssSelector("button.delete-tag"));
        button.click();
        wait.until(ExpectedConditions.textToBePresentInElement(button, "Confirm"));
        button.click();
    }

    private String message() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#messages .message")))
                .getText();
    }

    private List<String> tagList(String repository) {
        String json = RegistryClient.text(registry.get("/v2/" + repository + "/tags/list"));
        List<String> tags = new ArrayList<>();
        OciLayouts.json(json).get("tags").forEach(tag -> tags.add(tag.asString()));
        return tags;
    }

    /** The same page at a phone's size (390x844 CSS pixels, touch, mobile viewport). */
    private void phoneScreenshot(String name, String rowSelector) {
        ChromeDriver chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
        try {
            // Cards instead of a table: each row is a block of labelled cells.
            wait.until(driver -> "block".equals(
                    driver.findElement(By.cssSelector(rowSelector)).getCssValue("display")));
            screenshot(name);
        } finally {
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** The whole page, not only the first screenful (the manifest page is long). */
    private void fullPageScreenshot(String name) {
        ChromeDriver chrome = (ChromeDriver) browser;
        long height = ((Number) chrome.executeScript("return document.documentElement.scrollHeight")).longValue();
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", Math.max(height, 800), "deviceScaleFactor", 1, "mobile", false));
        try {
            screenshot(name);
        } finally {
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    private void screenshot(String name) {
        try {
            byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pushes a one-layer image with skopeo under each tag, as admin; returns the manifest digest. */
    private String pushImage(String repository, String... tags) {
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        Map<String, byte[]> files = OciLayoutWriter.files("hello.txt", "hello from the web UI test\n");
        files.put("noise.bin", OciLayoutWriter.noise(1 << 20, 7));
        // A config with what the manifest page shows: entrypoint, command, ports, labels, history.
        OciLayoutWriter.Image image = source.image("amd64", files,
                "{\"Env\":[\"PATH=/usr/local/bin:/usr/bin:/bin\",\"APP_HOME=/srv/app\"],"
                        + "\"Entrypoint\":[\"/srv/app/bin/server\"],\"Cmd\":[\"--port\",\"8080\"],"
                        + "\"ExposedPorts\":{\"8080/tcp\":{}},\"Labels\":{\"org.opencontainers.image.version\":\"1.4.2\","
                        + "\"org.opencontainers.image.source\":\"https://git.example.com/team/app\"}}",
                "\"created\":\"2026-11-20T10:15:00Z\",\"history\":["
                        + "{\"created\":\"2026-11-20T10:14:00Z\",\"created_by\":\"COPY app /srv/app # buildkit\","
                        + "\"comment\":\"buildkit.dockerfile.v0\"},"
                        + "{\"created\":\"2026-11-20T10:15:00Z\",\"created_by\":\"EXPOSE map[8080/tcp:{}]\","
                        + "\"empty_layer\":true}],");
        source.tag("v1", image.manifest());
        for (String tag : tags) {
            skopeo("copy", "--dest-tls-verify=false", "--dest-creds", "admin:" + ADMIN_PASSWORD,
                    "oci:" + source.dir() + ":v1", "docker://" + registryHost() + "/" + repository + ":" + tag);
        }
        return image.manifest().digest();
    }

    /** A cosign-style signature and an SPDX SBOM that refer to the image (OCI 1.1 subject). */
    private void pushReferrers(String repository, String subjectDigest) {
        byte[] subject = registry.get("/v2/" + repository + "/manifests/" + subjectDigest, "Accept",
                OciLayoutWriter.MANIFEST).body();
        pushArtifact(repository, "application/vnd.dev.cosign.artifact.sig.v1+json",
                "application/vnd.dev.cosign.simplesigning.v1+json", "{\"critical\":{}}", subjectDigest, subject.length);
        pushArtifact(repository, "application/spdx+json", "application/spdx+json",
                "{\"spdxVersion\":\"SPDX-2.3\"}", subjectDigest, subject.length);
    }

    private void pushArtifact(String repository, String artifactType, String layerType, String content,
                              String subjectDigest, long subjectSize) {
        String empty = registry.pushBlob(repository, "{}".getBytes(StandardCharsets.UTF_8));
        byte[] layer = content.getBytes(StandardCharsets.UTF_8);
        String layerDigest = registry.pushBlob(repository, layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OciLayoutWriter.MANIFEST + "\","
                + "\"artifactType\":\"" + artifactType + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + empty
                + "\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"" + layerType + "\",\"digest\":\"" + layerDigest + "\",\"size\":"
                + layer.length + "}],"
                + "\"subject\":{\"mediaType\":\"" + OciLayoutWriter.MANIFEST + "\",\"digest\":\"" + subjectDigest
                + "\",\"size\":" + subjectSize + "}}";
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        registry.putManifest(repository, RegistryClient.sha256(bytes), OciLayoutWriter.MANIFEST, bytes);
    }

    private Processes.Result skopeo(String... arguments) {
        List<String> command = new ArrayList<>(List.of(skopeo.toString(), "--policy",
                temp.resolve("policy.json").toString()));
        command.addAll(List.of(arguments));
        return Processes.runOk(TIMEOUT, environment, command);
    }
}
