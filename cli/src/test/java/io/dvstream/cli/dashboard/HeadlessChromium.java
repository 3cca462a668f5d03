package io.dvstream.cli.dashboard;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven by Selenium, from the system's packages (Debian: {@code chromium}
 * and {@code chromium-driver}; {@code .ci/run} installs them). Selenium is told both paths, so it
 * never tries to download a browser or a driver. Tests that need it are skipped, saying why, when
 * either program is missing; {@code -Ddvstream.chromium=PATH} and {@code -Ddvstream.chromedriver=PATH}
 * point elsewhere.
 */
public final class HeadlessChromium {

    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private HeadlessChromium() {
    }

    private static Path find(String property, List<String> candidates) {
        String given = System.getProperty(property);
        for (String c : given != null ? List.of(given) : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    /** Skips the calling test unless Chromium and chromedriver are installed; else a driver at the given window size. */
    public static ChromeDriver startOrSkip(int width, int height) {
        Path browser = find("dvstream.chromium", BROWSERS);
        Path driver = find("dvstream.chromedriver", DRIVERS);
        assumeTrue(browser != null && driver != null, "headless browser test skipped: needs Chromium (" + BROWSERS + ") and "
                + "chromedriver (" + DRIVERS + "); on Debian: apt-get install chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver.toString()))
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
        return new ChromeDriver(service, options);
    }
}
