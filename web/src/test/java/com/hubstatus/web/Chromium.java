package com.hubstatus.web;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Debian's chromium, driven through its chromedriver: the paths the build names (the
 * {@code chromium.binary} and {@code chromedriver.binary} properties), never a downloaded browser.
 */
final class Chromium {

    static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** Why no browser can run here, or empty when one can. */
    static Optional<String> missing() {
        for (Path program : new Path[] {BINARY, DRIVER}) {
            if (!Files.isExecutable(program)) {
                return Optional.of("browser tests skipped: no " + program + "; install Debian's chromium and chromium-driver"
                        + " (apt-get install chromium chromium-driver, as .ci/run does) to run them");
            }
        }
        return Optional.empty();
    }

    /**
     * A headless browser with a profile of its own, and the flags a machine without a network needs:
     * nothing in the background reaches out, nothing is fetched at start.
     */
    static ChromeDriver start(Path profile, int width, int height) {
        try {
            Files.createDirectories(profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--lang=en-US", "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
