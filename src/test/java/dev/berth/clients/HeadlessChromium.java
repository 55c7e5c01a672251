package dev.berth.clients;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} through its {@code chromium-driver}, headless, with a profile of its own
 * under {@code profileParent}: found like the other clients (skipped locally when missing, failed in CI).
 */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    static WebDriver start(Path profileParent) throws IOException {
        Path chromium = Programs.require("chromium");
        Path chromedriver = Programs.require("chromedriver");
        ChromeOptions options = new ChromeOptions();
        // Both paths are explicit, so Selenium Manager has nothing to look up or download.
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900",
                "--user-data-dir=" + Files.createDirectories(profileParent.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 900));
        return browser;
    }
}
